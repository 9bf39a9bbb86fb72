/** A deterministic 20,000-row Google Contacts CSV (current export layout) with realistic variety. */

const FIRST = [
  'Ada',
  'Zoë',
  'José',
  'Łukasz',
  'Amélie',
  'Søren',
  'Nguyễn',
  'Grace',
  'Omar',
  'Chloé',
  'Björn',
  'Aoife',
  'Mei',
  'Ravi',
  'Fatima',
  'Jürgen',
];
const LAST = [
  'Lovelace',
  'Müller',
  'García',
  'Kowalski',
  'Dubois',
  'Andersen',
  'Trần',
  'Hopper',
  'Haddad',
  'Lefèvre',
  'Svensson',
  "O'Brien",
  'Chen',
  'Patel',
  'Benali',
  'Schäfer',
];
const COMPANIES = [
  'Acme Realty',
  'Société Immobilière',
  'Nordic Homes',
  '',
  'Keller Williams',
  '',
  'Blue Door Properties',
];
const CITIES = [
  ['Paris', 'Île-de-France', '75001', 'France', '+33 1 42 68 {4} {2}'],
  ['Austin', 'TX', '78701', 'United States', '(512) 555-{4}'],
  ['München', 'Bayern', '80331', 'Germany', '+49 89 {4}{3}'],
  ['Dublin', '', 'D02', 'Ireland', '+353 1 {3} {4}'],
] as const;

const HEADER = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Organization Name',
  'Organization Title',
  'Birthday',
  'Notes',
  'Labels',
  'E-mail 1 - Label',
  'E-mail 1 - Value',
  'E-mail 2 - Label',
  'E-mail 2 - Value',
  'Phone 1 - Label',
  'Phone 1 - Value',
  'Phone 2 - Label',
  'Phone 2 - Value',
  'Address 1 - Label',
  'Address 1 - Street',
  'Address 1 - City',
  'Address 1 - Region',
  'Address 1 - Postal Code',
  'Address 1 - Country',
  'Website 1 - Label',
  'Website 1 - Value',
];

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function googleCsv(rows: number, seed = 42): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const lines = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const [city, region, postal, country, phonePattern] = pick(CITIES);
    const phone = phonePattern.replace(/\{(\d)\}/g, (_, n: string) => digits(Number(n)));
    const year = next() < 0.3 ? '--' : String(1940 + Math.floor(next() * 60));
    const birthday =
      next() < 0.5
        ? `${year}${year === '--' ? '' : '-'}${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`
        : '';
    const email = `${first}.${last}.${i}@example.com`
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\w.@-]/g, '')
      .toLowerCase();
    const fax = next() < 0.1 ? ['Work Fax', phone.replace(/\d$/, '9')] : ['', ''];
    lines.push(
      [
        first,
        '',
        last,
        pick(COMPANIES),
        next() < 0.3 ? 'Broker' : '',
        birthday,
        next() < 0.2 ? 'Prefers calls after 6pm, "not" before' : '',
        '* myContacts ::: Clients',
        '* Home',
        email,
        next() < 0.3 ? 'Work' : '',
        next() < 0.3 ? `w${i}@work.example` : '',
        'Mobile',
        phone,
        fax[0]!,
        fax[1]!,
        'Home',
        `${1 + Math.floor(next() * 200)} Main Street`,
        city,
        region,
        postal,
        country,
        next() < 0.1 ? 'Homepage' : '',
        next() < 0.1 ? `https://${last.toLowerCase().replace(/\W/g, '')}.example.com` : '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
