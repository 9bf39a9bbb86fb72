import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detailsFromZod } from '../../server/errors.ts';
import { contactCreateSchema } from '../model.ts';
import { type ParsedRow, parseImportFile } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');

/** What the importer does with a row: a row error, or the schema's first field error code. */
function outcome(row: ParsedRow | undefined): string {
  if (row?.error) return row.error.code;
  const result = contactCreateSchema.safeParse(row?.input);
  return result.success ? 'ok' : (detailsFromZod(result.error.issues)[0]?.code ?? 'unknown');
}

const card = (...lines: string[]) => ['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD', ''].join('\r\n');

describe('a vCard 3.0 file', () => {
  const { format, rows } = parseImportFile(fixture('vcard-3.vcf'));
  const [ada, charles, jose] = rows;

  it('is read card by card', () => {
    expect(format).toBe('vcard');
    expect(rows.map((row) => [row.row, row.label, outcome(row)])).toEqual([
      [1, 'Ada Lovelace', 'ok'],
      [2, 'Charles Babbage', 'ok'],
      [3, 'José Müller', 'ok'],
    ]);
  });

  it('reads N, the first ORG component, TITLE, a basic-format BDAY, escaped NOTE and CATEGORIES', () => {
    expect(ada?.input).toMatchObject({
      firstName: 'Ada',
      middleName: 'Augusta',
      lastName: 'Lovelace',
      company: 'Analytical Engines, Ltd',
      jobTitle: 'Programmer',
      birthday: { year: 1815, month: 12, day: 10 },
      notes: 'Wrote the first program, for the Analytical Engine.\nLoved poetry; and maths.',
      tags: ['Friends', 'Mathematicians'],
      websites: [{ url: 'https://engines.example/ada', label: 'other' }],
    });
  });

  it('labels phones from their TYPE lists, faxes by whose line they are', () => {
    expect(ada?.input?.phones).toEqual([
      { number: '+44 7700 900123', label: 'mobile' },
      { number: '+44 20 7946 0001', label: 'home-fax' },
      { number: '+44 20 7946 0002', label: 'work-fax' },
      { number: '+44 20 7946 0003', label: 'other-fax' },
      { number: '+44 20 7946 0004', label: 'pager' },
      { number: '+44 20 7946 0005', label: 'work' },
    ]);
  });

  it('ignores the technical INTERNET and PREF email types', () => {
    expect(ada?.input?.emails).toEqual([
      { address: 'ada@work.example', label: 'work' },
      { address: 'ada@example.com', label: 'other' },
    ]);
  });

  it('reads ADR components, the extended address as a second street line', () => {
    expect(ada?.input?.addresses).toEqual([
      {
        label: 'home',
        street: "12 St James's Square\nFlat 2",
        city: 'London',
        postalCode: 'SW1Y 4JH',
        country: 'United Kingdom',
      },
      {
        label: 'work',
        street: '1 Dorset Street',
        city: 'London',
        postalCode: 'W1U 4EG',
        country: 'United Kingdom',
      },
    ]);
  });

  it('splits FN when N is missing, reads bare TYPE parameters and a birthday without a year', () => {
    expect(charles?.input).toEqual({
      firstName: 'Charles',
      lastName: 'Babbage',
      birthday: { month: 12, day: 26 },
      emails: [{ address: 'charles@example.org', label: 'other' }],
      phones: [{ number: '+44 20 7946 0100', label: 'work' }],
    });
  });

  it('unfolds long lines without losing accented characters', () => {
    expect(jose?.input).toEqual({
      firstName: 'José',
      lastName: 'Müller',
      notes: 'Ein sehr langer Hinweis über mehrere Zeilen, der gefaltet wurde und weitergeht.',
    });
  });
});

describe('a vCard 4.0 file', () => {
  const { rows } = parseImportFile(fixture('vcard-4.vcf'));
  const [grace, acme, vague] = rows;

  it('reads tel: URIs with their extension and quoted TYPE lists', () => {
    expect(grace?.input?.phones).toEqual([
      { number: '+1-202-555-0101 ext. 42', label: 'work' },
      { number: '+1-202-555-0102', label: 'mobile' },
      { number: '+1-202-555-0103', label: 'home-fax' },
      { number: '+1-202-555-0104', label: 'main' },
    ]);
    expect(outcome(grace)).toBe('ok');
  });

  it('reads --MMDD as a birthday without a year, and typed emails, addresses and URLs', () => {
    expect(grace?.input).toMatchObject({
      birthday: { month: 12, day: 9 },
      emails: [{ address: 'grace@navy.example', label: 'work' }],
      addresses: [
        {
          label: 'work',
          street: '1 Navy Way',
          city: 'Arlington',
          region: 'VA',
          postalCode: '22201',
          country: 'USA',
        },
      ],
      websites: [{ url: 'https://grace.example', label: 'home' }],
      tags: ['Navy', 'COBOL'],
    });
  });

  it('does not turn a company name in FN into a person name', () => {
    expect(acme?.input).toEqual({
      company: 'Acme Realty',
      emails: [{ address: 'office@acme.example', label: 'other' }],
    });
  });

  it('reports a birthday written as free text (VALUE=text) as invalid_format', () => {
    expect(vague?.error).toMatchObject({ code: 'invalid_format', path: 'birthday' });
    expect(vague?.label).toBe('Someone Vague');
  });
});

describe('a vCard file with bad cards among good ones', () => {
  it('skips the impossible date and the unreadable card, and imports the others', () => {
    const { rows } = parseImportFile(fixture('vcard-impossible-date.vcf'));
    expect(rows.map((row) => [row.row, outcome(row)])).toEqual([
      [1, 'ok'],
      [2, 'invalid_date'],
      [3, 'invalid_format'],
      [4, 'ok'],
    ]);
    expect(rows[1]?.input?.birthday).toEqual({ year: 2023, month: 2, day: 30 });
  });

  it('reports a card without END:VCARD and still reads the next card', () => {
    const text = `${['BEGIN:VCARD', 'VERSION:3.0', 'FN:Lost Card'].join('\r\n')}\r\n${card('FN:Found Card')}`;
    const { rows } = parseImportFile(text);
    expect(rows.map((row) => [row.row, row.label ?? row.error?.code])).toEqual([
      [1, 'invalid_format'],
      [2, 'Found Card'],
    ]);
  });

  it('reports a card with nothing to import as an empty row', () => {
    const { rows } = parseImportFile(card('NOTE;LANGUAGE=en:'));
    expect(rows[0]?.error?.code).toBe('empty_row');
  });
});

describe('vCard details', () => {
  it.each([
    ['BDAY:1980-05-17', { year: 1980, month: 5, day: 17 }],
    ['BDAY:19800517T000000Z', { year: 1980, month: 5, day: 17 }],
    ['BDAY:--05-17', { month: 5, day: 17 }],
    ['BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17', { month: 5, day: 17 }],
  ])('reads %s', (line, birthday) => {
    const { rows } = parseImportFile(card('FN:Ada Lovelace', line));
    expect(rows[0]?.input?.birthday).toEqual(birthday);
  });

  it('reads an email address in FN as no name', () => {
    const { rows } = parseImportFile(card('FN:ada@example.com', 'EMAIL:ada@example.com'));
    expect(rows[0]?.input).toEqual({ emails: [{ address: 'ada@example.com', label: 'other' }] });
  });

  it('reads a 3.0 semicolon escape in a single text value', () => {
    const { rows } = parseImportFile(
      card('FN:Ada', 'TITLE:Director\\; Research', 'URL:https://example.com/a\\,b'),
    );
    expect(rows[0]?.input).toMatchObject({
      jobTitle: 'Director; Research',
      websites: [{ url: 'https://example.com/a,b' }],
    });
  });
});
