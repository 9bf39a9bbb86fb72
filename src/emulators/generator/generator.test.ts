import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { type GeneratedContact, generateContacts } from './index.ts';

/** The product's same-person rule, restated here so that the generator is checked independently. */
function foldName(value: string): string {
  return value.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function e164(number: string): string | undefined {
  // Only North American numbers are written without a country code, hence the US default.
  const parsed = parsePhoneNumberFromString(number, 'US');
  return parsed?.isPossible() ? parsed.number : undefined;
}

interface Matchable {
  index: number;
  emails: Set<string>;
  phones: Set<string>;
}

function matchable(contact: GeneratedContact, index: number): Matchable {
  const phones = new Set<string>();
  for (const phone of contact.phones) {
    const normalised = e164(phone.number);
    if (normalised !== undefined) phones.add(normalised);
  }
  return { index, emails: new Set(contact.emails.map((e) => e.address.trim().toLowerCase())), phones };
}

function shareSomething(a: Matchable, b: Matchable): boolean {
  for (const email of a.emails) if (b.emails.has(email)) return true;
  for (const phone of a.phones) if (b.phones.has(phone)) return true;
  return false;
}

/** Every same-person pair [earlier, later], found by grouping on the folded names first. */
function samePersonPairs(contacts: readonly GeneratedContact[]): [number, number][] {
  const groups = new Map<string, Matchable[]>();
  contacts.forEach((contact, index) => {
    const key = `${foldName(contact.givenName)}\u001f${foldName(contact.familyName)}`;
    const group = groups.get(key) ?? [];
    group.push(matchable(contact, index));
    groups.set(key, group);
  });
  const pairs: [number, number][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (shareSomething(a, b)) pairs.push([a.index, b.index]);
      }
    }
  }
  return pairs;
}

function share(
  contacts: readonly GeneratedContact[],
  predicate: (contact: GeneratedContact) => boolean,
): number {
  return contacts.filter(predicate).length / contacts.length;
}

describe('contact generator: reproducibility', () => {
  it('gives the same contacts, byte for byte, for the same seed', () => {
    const first = JSON.stringify(generateContacts({ count: 2_000, seed: 42, duplicateRate: 0.1 }));
    const second = JSON.stringify(generateContacts({ count: 2_000, seed: 42, duplicateRate: 0.1 }));
    expect(second).toBe(first);
  });

  it('gives different contacts for another seed', () => {
    const a = generateContacts({ count: 50, seed: 1 });
    const b = generateContacts({ count: 50, seed: 2 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('uses seed 1 when none is given', () => {
    expect(generateContacts({ count: 20 })).toEqual(generateContacts({ count: 20, seed: 1 }));
  });
});

describe('contact generator: counts and limits', () => {
  it('returns exactly the requested number of contacts', () => {
    for (const count of [0, 1, 2, 137, 1_000])
      expect(generateContacts({ count, seed: 3 })).toHaveLength(count);
  });

  it('keeps 0–4 e-mails and phones, and gives every contact at least one of them', () => {
    for (const contact of generateContacts({ count: 5_000, seed: 4, duplicateRate: 0.2 })) {
      expect(contact.emails.length).toBeLessThanOrEqual(4);
      expect(contact.phones.length).toBeLessThanOrEqual(4);
      expect(contact.emails.length + contact.phones.length).toBeGreaterThan(0);
      expect(contact.givenName.trim()).not.toBe('');
      expect(contact.familyName.trim()).not.toBe('');
    }
  });

  it('rejects impossible options, all problems at once', () => {
    expect(() => generateContacts({ count: -1, duplicateRate: 2 })).toThrow(/count.*duplicateRate/);
    expect(() => generateContacts({ count: 1.5 })).toThrow(RangeError);
  });

  it('refuses e-mail domains that could reach a real inbox', () => {
    expect(() => generateContacts({ count: 1, emailDomain: 'gmail.com' })).toThrow(/emailDomain/);
    expect(() => generateContacts({ count: 1, emailDomain: 'notexample.com' })).toThrow(/emailDomain/);
  });

  it('writes every address under the chosen example domain', () => {
    const contacts = generateContacts({ count: 500, seed: 5, emailDomain: 'example.org' });
    const addresses = contacts.flatMap((c) => c.emails.map((e) => e.address));
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^[a-z._]+\d+@([a-z0-9-]+\.)?example\.org$/);
  });
});

describe('contact generator: realism', () => {
  const contacts = generateContacts({ count: 20_000, seed: 7 });

  it('gives about 40% a birthday, a third of them without a year', () => {
    const birthdays = contacts.flatMap((c) => (c.birthday ? [c.birthday] : []));
    expect(birthdays.length / contacts.length).toBeGreaterThan(0.36);
    expect(birthdays.length / contacts.length).toBeLessThan(0.44);
    const withoutYear = birthdays.filter((b) => b.year === undefined).length / birthdays.length;
    expect(withoutYear).toBeGreaterThan(0.29);
    expect(withoutYear).toBeLessThan(0.38);
  });

  it('writes only real calendar dates, 29 February only in leap years or without a year', () => {
    let leapDays = 0;
    for (const { birthday } of contacts) {
      if (!birthday) continue;
      const year = birthday.year ?? 2000;
      const date = new Date(Date.UTC(year, birthday.month - 1, birthday.day));
      expect(date.getUTCMonth()).toBe(birthday.month - 1);
      if (birthday.month === 2 && birthday.day === 29) leapDays++;
    }
    expect(leapDays).toBeGreaterThan(0);
  });

  it('includes faxes in about 10% of contacts, and some pagers', () => {
    const fax = share(contacts, (c) => c.phones.some((p) => p.type.endsWith('Fax')));
    expect(fax).toBeGreaterThan(0.07);
    expect(fax).toBeLessThan(0.14);
    expect(share(contacts, (c) => c.phones.some((p) => p.type === 'pager'))).toBeGreaterThan(0.005);
  });

  it('includes contacts beyond Outlook caps: 4 e-mails, 3 work or 3 home phones', () => {
    expect(share(contacts, (c) => c.emails.length === 4)).toBeGreaterThan(0.02);
    const threeOfAKind = (type: string) => (c: GeneratedContact) =>
      c.phones.filter((p) => p.type === type).length >= 3;
    expect(share(contacts, threeOfAKind('work'))).toBeGreaterThan(0.005);
    expect(share(contacts, threeOfAKind('home'))).toBeGreaterThan(0.005);
  });

  it('places home and work addresses in many countries', () => {
    const addresses = contacts.flatMap((c) => c.addresses);
    expect(addresses.some((a) => a.type === 'home')).toBe(true);
    expect(addresses.some((a) => a.type === 'work')).toBe(true);
    const countries = new Set(addresses.map((a) => a.countryCode));
    for (const code of ['FR', 'US', 'DE', 'GB', 'JP', 'BR', 'CA', 'ES']) expect(countries).toContain(code);
    expect(addresses.some((a) => a.street?.includes('\n'))).toBe(true);
  });

  it('uses accented names from many cultures', () => {
    const names = new Set(contacts.flatMap((c) => [c.givenName, c.familyName]));
    for (const name of [
      'Zoë',
      'José',
      'Łukasz',
      'Amélie',
      'Søren',
      'Nguyễn',
      'Jürgen',
      'Ólafur',
      'Siobhán',
      'Dvořák',
    ]) {
      expect(names).toContain(name);
    }
    expect(share(contacts, (c) => c.company?.includes('&') ?? false)).toBeGreaterThan(0.01);
  });

  it('writes notes with commas, quotes, line breaks and emoji', () => {
    const notes = contacts.flatMap((c) => (c.notes === undefined ? [] : [c.notes]));
    for (const pattern of [/,/, /"/, /\n/, /\p{Extended_Pictographic}/u]) {
      expect(notes.some((note) => pattern.test(note))).toBe(true);
    }
  });

  it('writes phone numbers that parse as possible numbers at least 95% of the time', () => {
    const numbers = contacts.flatMap((c) => c.phones.map((p) => p.number));
    const parsed = numbers.map((n) => parsePhoneNumberFromString(n, 'US'));
    const possible = parsed.filter((p) => p?.isPossible()).length / numbers.length;
    const valid = parsed.filter((p) => p?.isValid()).length / numbers.length;
    console.info(
      `phones: ${numbers.length}, possible ${(possible * 100).toFixed(2)}%, valid ${(valid * 100).toFixed(2)}%`,
    );
    expect(possible).toBeGreaterThanOrEqual(0.95);
    expect(new Set(parsed.map((p) => p?.country)).size).toBeGreaterThanOrEqual(10);
  });
});

describe('contact generator: near-duplicates', () => {
  it('never makes two contacts the same person by accident', () => {
    const contacts = generateContacts({ count: 20_000, seed: 11 });
    expect(samePersonPairs(contacts)).toEqual([]);
    const emails = contacts.flatMap((c) => c.emails.map((e) => e.address.toLowerCase()));
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('makes exactly the requested share of contacts near-duplicates of an earlier one', () => {
    const contacts = generateContacts({ count: 5_000, seed: 12, duplicateRate: 0.1 });
    const pairs = samePersonPairs(contacts);
    expect(pairs).toHaveLength(500);
    const later = new Set(pairs.map(([, duplicate]) => duplicate));
    const earlier = new Set(pairs.map(([original]) => original));
    expect(later.size).toBe(500);
    expect(earlier.size).toBe(500);
    for (const [original, duplicate] of pairs) {
      expect(original).toBeLessThan(duplicate);
      expect(contacts[duplicate]).not.toEqual(contacts[original]);
    }
  });

  it("keeps every original phone's E.164 number in its duplicate, whatever the notation", () => {
    const contacts = generateContacts({ count: 5_000, seed: 13, duplicateRate: 0.3 });
    let rewritten = 0;
    for (const [original, duplicate] of samePersonPairs(contacts)) {
      const before = contacts[original]!.phones;
      const after = contacts[duplicate]!.phones;
      before.forEach((phone, i) => {
        expect(e164(after[i]!.number)).toBe(e164(phone.number));
        if (after[i]!.number !== phone.number) rewritten++;
      });
    }
    expect(rewritten).toBeGreaterThan(50);
  });

  it('varies the spelling: case, accents, surrounding spaces', () => {
    const contacts = generateContacts({ count: 5_000, seed: 14, duplicateRate: 0.3 });
    const kinds = new Set<string>();
    for (const [original, duplicate] of samePersonPairs(contacts)) {
      const a = contacts[original]!;
      const b = contacts[duplicate]!;
      if (b.givenName !== b.givenName.trim() || b.familyName !== b.familyName.trim()) kinds.add('spaces');
      else if (a.familyName.toUpperCase() === b.familyName && a.familyName !== b.familyName)
        kinds.add('case');
      else if (
        b.familyName !== a.familyName &&
        b.familyName.normalize('NFD').length < a.familyName.normalize('NFD').length
      ) {
        kinds.add('accents');
      }
    }
    expect([...kinds].sort()).toEqual(['accents', 'case', 'spaces']);
  });

  it('caps the share at one half, since each original is repeated at most once', () => {
    const contacts = generateContacts({ count: 1_000, seed: 15, duplicateRate: 1 });
    expect(samePersonPairs(contacts)).toHaveLength(500);
  });
});

describe('contact generator: speed', () => {
  it('generates 50,000 contacts quickly', () => {
    const started = performance.now();
    const contacts = generateContacts({ count: 50_000, seed: 99, duplicateRate: 0.05 });
    const elapsed = performance.now() - started;
    console.info(`generated ${contacts.length} contacts in ${elapsed.toFixed(0)} ms`);
    expect(contacts).toHaveLength(50_000);
    expect(elapsed).toBeLessThan(5_000);
  });
});
