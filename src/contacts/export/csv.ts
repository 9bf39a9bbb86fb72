import type { Birthday, Contact } from '../model.ts';

/*
 * Google Contacts' current CSV export layout, so that the file imports back here and into Google.
 * Each email, phone, address and website gets its own numbered columns, as many as the contact
 * with the most of them needs, so no cell ever holds several values joined by " ::: ".
 */

const LEADING_COLUMNS = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Phonetic First Name',
  'Phonetic Middle Name',
  'Phonetic Last Name',
  'Name Prefix',
  'Name Suffix',
  'Nickname',
  'File As',
  'Organization Name',
  'Organization Title',
  'Organization Department',
  'Birthday',
  'Notes',
  'Photo',
  'Labels',
] as const;

const ADDRESS_PARTS = [
  'Label',
  'Formatted',
  'Street',
  'City',
  'PO Box',
  'Region',
  'Postal Code',
  'Country',
  'Extended Address',
] as const;

const PHONE_LABEL_NAMES: Readonly<Record<string, string>> = {
  mobile: 'Mobile',
  home: 'Home',
  work: 'Work',
  main: 'Main',
  other: 'Other',
  'home-fax': 'Home Fax',
  'work-fax': 'Work Fax',
  'other-fax': 'Other Fax',
  pager: 'Pager',
};

const KIND_LABEL_NAMES: Readonly<Record<string, string>> = { home: 'Home', work: 'Work', other: 'Other' };

type Cells = Record<string, string>;

export function toCsv(contacts: Contact[]): string {
  const header = headerFor(contacts);
  const lines = [header, ...contacts.map((contact) => rowCells(contact, header))];
  return lines.map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}

function headerFor(contacts: readonly Contact[]): string[] {
  const most = (count: (contact: Contact) => number) => Math.max(1, ...contacts.map(count));
  return [
    ...LEADING_COLUMNS,
    ...numberedColumns(
      'E-mail',
      most((c) => c.emails.length),
      ['Label', 'Value'],
    ),
    ...numberedColumns(
      'Phone',
      most((c) => c.phones.length),
      ['Label', 'Value'],
    ),
    ...numberedColumns(
      'Address',
      most((c) => c.addresses.length),
      ADDRESS_PARTS,
    ),
    ...numberedColumns(
      'Website',
      most((c) => c.websites.length),
      ['Label', 'Value'],
    ),
  ];
}

function numberedColumns(group: string, count: number, parts: readonly string[]): string[] {
  return Array.from({ length: count }, (_, index) =>
    parts.map((part) => `${group} ${index + 1} - ${part}`),
  ).flat();
}

function rowCells(contact: Contact, header: readonly string[]): string[] {
  const cells: Cells = {
    'First Name': contact.firstName ?? '',
    'Middle Name': contact.middleName ?? '',
    'Last Name': contact.lastName ?? '',
    'Organization Name': contact.company ?? '',
    'Organization Title': contact.jobTitle ?? '',
    Birthday: contact.birthday ? birthdayCell(contact.birthday) : '',
    Notes: contact.notes ?? '',
    Labels: contact.tags.join(' ::: '),
  };
  for (const [index, email] of contact.emails.entries()) {
    labelled(cells, `E-mail ${index + 1}`, KIND_LABEL_NAMES[email.label], email.address);
  }
  for (const [index, phone] of contact.phones.entries()) {
    labelled(cells, `Phone ${index + 1}`, PHONE_LABEL_NAMES[phone.label], phone.number);
  }
  for (const [index, address] of contact.addresses.entries()) addressCells(cells, index + 1, address);
  for (const [index, website] of contact.websites.entries()) {
    labelled(cells, `Website ${index + 1}`, KIND_LABEL_NAMES[website.label], website.url);
  }
  return header.map((column) => cells[column] ?? '');
}

/** A label this layout has no name for is written as Other, which is how it reads back. */
function labelled(cells: Cells, prefix: string, labelName: string | undefined, value: string): void {
  cells[`${prefix} - Label`] = labelName ?? 'Other';
  cells[`${prefix} - Value`] = value;
}

function addressCells(cells: Cells, n: number, address: Contact['addresses'][number]): void {
  cells[`Address ${n} - Label`] = KIND_LABEL_NAMES[address.label] ?? 'Other';
  cells[`Address ${n} - Street`] = address.street ?? '';
  cells[`Address ${n} - City`] = address.city ?? '';
  cells[`Address ${n} - Region`] = address.region ?? '';
  cells[`Address ${n} - Postal Code`] = address.postalCode ?? '';
  cells[`Address ${n} - Country`] = address.country ?? '';
}

/** Google writes a birthday without a year as --MM-DD. */
function birthdayCell(birthday: Birthday): string {
  const monthDay = `${String(birthday.month).padStart(2, '0')}-${String(birthday.day).padStart(2, '0')}`;
  return birthday.year === undefined
    ? `--${monthDay}`
    : `${String(birthday.year).padStart(4, '0')}-${monthDay}`;
}

function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
