import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactCreateSchema } from '../model.ts';
import { parseImportFile } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');

describe('a Google Contacts CSV export (current layout)', () => {
  const { format, rows } = parseImportFile(fixture('google-current.csv'));
  const [ada, charles, mary] = rows;

  it('is read as google-csv, one row per contact, the blank row skipped', () => {
    expect(format).toBe('google-csv');
    expect(rows.map((row) => [row.row, row.label])).toEqual([
      [1, 'Ada Lovelace'],
      [2, 'Charles Babbage'],
      [4, 'Mary Somerville'],
    ]);
  });

  it('splits " ::: " values into separate entries that keep their column label', () => {
    expect(ada?.input?.emails).toEqual([
      { address: 'ada@work.example', label: 'work' },
      { address: 'ada.l@work.example', label: 'work' },
      { address: 'ada@home.example', label: 'home' },
    ]);
    expect(ada?.input?.phones).toEqual([
      { number: '+44 7700 900123', label: 'mobile' },
      { number: '+44 20 7946 0001', label: 'home-fax' },
      { number: '+44 20 7946 0002', label: 'home-fax' },
      { number: '+44 20 7946 0003', label: 'pager' },
    ]);
  });

  it("keeps the user's labels as tags and drops Google's own groups", () => {
    expect(ada?.input?.tags).toEqual(['Friends', 'Mathematicians']);
    expect(charles?.input).not.toHaveProperty('tags');
  });

  it('reads names, organisation, birthday, notes, structured address and website', () => {
    expect(ada?.input).toMatchObject({
      firstName: 'Ada',
      middleName: 'Augusta',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      jobTitle: 'Programmer',
      birthday: { year: 1815, month: 12, day: 10 },
      notes: 'First programmer.\nLoved poetry, too.',
      addresses: [
        {
          label: 'home',
          street: "12 St James's Square\nFlat 2",
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'United Kingdom',
        },
      ],
      websites: [{ url: 'https://engines.example', label: 'work' }],
    });
  });

  it('puts an address that only has "Formatted" into the street', () => {
    expect(charles?.input?.addresses).toEqual([{ label: 'work', street: '1 Dorset Street\nLondon' }]);
  });

  it('reads a --MM-DD birthday as a birthday without a year', () => {
    expect(charles?.input?.birthday).toEqual({ month: 12, day: 26 });
  });

  it('files an unknown phone label under other and an unlabelled phone under mobile', () => {
    expect(charles?.input?.phones).toEqual([
      { number: '+44 20 7946 0100', label: 'work-fax' },
      { number: '+44 20 7946 0101', label: 'other' },
      { number: '+44 20 7946 0102', label: 'mobile' },
    ]);
  });

  it('reports an unreadable birthday as invalid_format for that row only', () => {
    expect(mary?.error).toMatchObject({ code: 'invalid_format', path: 'birthday' });
    expect(mary?.input).toBeUndefined();
  });

  it('produces input the contact schema accepts', () => {
    for (const row of [ada, charles]) expect(contactCreateSchema.safeParse(row?.input).success).toBe(true);
  });
});

describe('a Google Contacts CSV export (older layout)', () => {
  const { format, rows } = parseImportFile(fixture('google-legacy.csv'));
  const [grace, alan] = rows;

  it('reads Given/Additional/Family Name, Organization 1 and the "Type" label columns', () => {
    expect(format).toBe('google-csv');
    expect(grace?.input).toMatchObject({
      firstName: 'Grace',
      middleName: 'Brewster',
      lastName: 'Hopper',
      company: 'US Navy',
      jobTitle: 'Rear Admiral',
      birthday: { year: 1906, month: 12, day: 9 },
      emails: [{ address: 'grace@example.org', label: 'home' }],
      phones: [
        { number: '+1 202 555 0101', label: 'work' },
        { number: '+1 202 555 0102', label: 'mobile' },
        { number: '+1 202 555 0103', label: 'mobile' },
      ],
      websites: [{ url: 'https://navy.example/hopper', label: 'other' }],
    });
  });

  it('turns Group Membership into tags without myContacts', () => {
    expect(grace?.input?.tags).toEqual(['Navy']);
  });

  it('keeps the PO box as a line of the street', () => {
    expect(grace?.input?.addresses).toEqual([
      {
        label: 'home',
        street: '1 Navy Way\nPO Box 77',
        city: 'Arlington',
        region: 'VA',
        postalCode: '22201',
        country: 'United States',
      },
    ]);
  });

  it('splits "Name" into first and last name when the name parts are empty', () => {
    expect(alan?.input).toEqual({
      firstName: 'Alan',
      lastName: 'Turing',
      emails: [{ address: 'alan@example.org', label: 'other' }],
    });
  });

  it('produces input the contact schema accepts', () => {
    for (const row of rows) expect(contactCreateSchema.safeParse(row.input).success).toBe(true);
  });
});
