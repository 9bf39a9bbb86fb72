import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../import/index.ts';
import { type Contact, contactCreateSchema, draftFromInput } from '../model.ts';
import { toCsv, toVCard } from './index.ts';

const rich: Contact = {
  id: '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b',
  firstName: 'Zoë',
  middleName: 'José',
  lastName: 'Ångström-Müller',
  company: 'Café Zürich; Bar, Ltd',
  jobTitle: 'Head of Sales, EMEA',
  birthday: { year: 1980, month: 2, day: 29 },
  emails: [
    { address: 'zoe@home.example', label: 'home' },
    { address: 'zoe@work.example', label: 'work' },
    { address: 'zoe@other.example', label: 'other' },
  ],
  phones: [
    { number: '+33 6 12 34 56 78', label: 'mobile' },
    { number: '+33 1 23 45 67 89', label: 'home' },
    { number: '+33 1 98 76 54 32 ext. 12', label: 'work' },
    { number: '+33 1 11 11 11 11', label: 'main' },
    { number: '+33 1 22 22 22 22', label: 'other' },
    { number: '+33 1 33 33 33 33', label: 'home-fax' },
    { number: '+33 1 44 44 44 44', label: 'work-fax' },
    { number: '+33 1 55 55 55 55', label: 'other-fax' },
    { number: '+33 1 66 66 66 66', label: 'pager' },
  ],
  addresses: [
    {
      label: 'home',
      street: '12, rue de l’Église\nBâtiment B; 3e étage',
      city: 'Paris',
      region: 'Île-de-France',
      postalCode: '75004',
      country: 'France',
    },
    {
      label: 'work',
      street: '1 Main Street',
      city: 'Zürich',
      region: null,
      postalCode: '8001',
      country: 'Schweiz',
    },
    { label: 'other', street: null, city: 'Genève', region: null, postalCode: null, country: null },
  ],
  websites: [
    { url: 'https://zoe.example/blog?a=1,2', label: 'home' },
    { url: 'https://cafe.example', label: 'work' },
    { url: 'example.org', label: 'other' },
  ],
  notes:
    `Met at the "Salon", Paris; likes \\ backslashes.\nSecond line, with commas.\n\n${'A long line with accents éàü that must be folded. '.repeat(4)}`.trim(),
  tags: ['VIP', 'Buyers; 2024', 'Café, Bar'],
  type: 'manual',
  status: 'active',
  version: 3,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-02-01T00:00:00.000Z',
};

const withoutYear: Contact = {
  ...rich,
  id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  firstName: 'Bob',
  middleName: null,
  lastName: 'Dylan',
  company: null,
  jobTitle: null,
  birthday: { month: 5, day: 24 },
  emails: [{ address: 'bob@example.com', label: 'other' }],
  phones: [],
  addresses: [],
  websites: [],
  notes: null,
  tags: [],
};

/** The editable fields as the importer would store them: parsed, validated, then drafted. */
function reimport(file: string) {
  return parseImportFile(file).rows.map((row) => {
    expect(row.error).toBeUndefined();
    const {
      firstName,
      middleName,
      lastName,
      company,
      jobTitle,
      birthday,
      emails,
      phones,
      addresses,
      websites,
      notes,
      tags,
    } = draftFromInput(contactCreateSchema.parse(row.input), 'import');
    return {
      firstName,
      middleName,
      lastName,
      company,
      jobTitle,
      birthday,
      emails,
      phones,
      addresses,
      websites,
      notes,
      tags,
    };
  });
}

function editableFields(contact: Contact) {
  const { id, type, status, version, createdAt, updatedAt, ...fields } = contact;
  return fields;
}

describe('exported files import back unchanged', () => {
  it.each([
    ['vCard', toVCard],
    ['Google CSV', toCsv],
  ])('%s keeps every field of a rich contact and of one with a birthday without a year', (_format, write) => {
    expect(reimport(write([rich, withoutYear]))).toEqual([editableFields(rich), editableFields(withoutYear)]);
  });

  it('the vCard is read as vcard and the CSV as google-csv', () => {
    expect(parseImportFile(toVCard([rich])).format).toBe('vcard');
    expect(parseImportFile(toCsv([rich])).format).toBe('google-csv');
  });
});
