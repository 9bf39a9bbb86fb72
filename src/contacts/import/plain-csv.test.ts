import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detailsFromZod } from '../../server/errors.ts';
import { contactCreateSchema } from '../model.ts';
import { parseImportFile } from './index.ts';
import { plainColumn } from './plain-csv.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');

describe('a plain CSV written by hand', () => {
  const { format, rows } = parseImportFile(fixture('plain.csv'));
  const [ada, cher, bob, coloursOnly] = rows;

  it('is read as plain-csv, the blank row skipped', () => {
    expect(format).toBe('plain-csv');
    expect(rows.map((row) => row.row)).toEqual([1, 2, 4, 5]);
  });

  it('maps its columns and ignores the unknown ones', () => {
    expect(ada?.input).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      jobTitle: 'Programmer',
      status: 'past-client',
      birthday: { month: 12, day: 10 },
      emails: [
        { address: 'ada@example.com', label: 'other' },
        { address: 'ada2@example.com', label: 'other' },
      ],
      phones: [
        { number: '+44 7700 900123', label: 'mobile' },
        { number: '+44 20 7946 0000', label: 'work' },
      ],
      addresses: [
        {
          label: 'home',
          street: "12 St James's Square",
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'UK',
        },
      ],
      websites: [{ url: 'engines.example', label: 'other' }],
      tags: ['vip', 'maths', 'history'],
    });
    expect(contactCreateSchema.safeParse(ada?.input).success).toBe(true);
  });

  it('keeps a one-word name as the first name', () => {
    expect(cher?.input).toMatchObject({ firstName: 'Cher', birthday: { year: 1946, month: 5, day: 20 } });
    expect(cher?.input).not.toHaveProperty('lastName');
  });

  it('reports a slashed birthday, whose day and month order is unknown, as invalid_format', () => {
    expect(bob?.error).toMatchObject({ code: 'invalid_format', path: 'birthday' });
  });

  it('reports a row whose only values are in unknown columns as empty', () => {
    expect(coloursOnly?.error?.code).toBe('empty_row');
  });

  it('leaves an unknown status for the schema to reject', () => {
    const {
      rows: [row],
    } = parseImportFile('Email,Status\nada@example.com,Hot Lead\n');
    const result = contactCreateSchema.safeParse(row?.input);
    expect(result.success).toBe(false);
    expect(result.error && detailsFromZod(result.error.issues)).toEqual([
      expect.objectContaining({ path: 'status', code: 'invalid_value' }),
    ]);
  });

  it('prefers first and last name columns over a full name column', () => {
    const {
      rows: [row],
    } = parseImportFile('Name,First Name,Surname\nAda L.,Ada,Lovelace\n');
    expect(row?.input).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
  });
});

describe('matching plain CSV column names', () => {
  it.each([
    ['First Name', { kind: 'text', field: 'firstName' }],
    ['first_name', { kind: 'text', field: 'firstName' }],
    ['GIVEN-NAME', { kind: 'text', field: 'firstName' }],
    ['Surname', { kind: 'text', field: 'lastName' }],
    ['Family Name', { kind: 'text', field: 'lastName' }],
    ['Organization', { kind: 'text', field: 'company' }],
    ['Title', { kind: 'text', field: 'jobTitle' }],
    ['E-mail', { kind: 'email', label: 'other' }],
    ['email2', { kind: 'email', label: 'other' }],
    ['Email Address 3', { kind: 'email', label: 'other' }],
    ['Phone 1', { kind: 'phone', label: 'mobile' }],
    ['Mobile', { kind: 'phone', label: 'mobile' }],
    ['Work Phone', { kind: 'phone', label: 'work' }],
    ['home_phone', { kind: 'phone', label: 'home' }],
    ['Zip', { kind: 'address', part: 'postalCode' }],
    ['State', { kind: 'address', part: 'region' }],
    ['Tags', { kind: 'tags' }],
    ['Favourite Colour', undefined],
    ['constructor', undefined],
  ])('reads the column "%s"', (column, meaning) => {
    expect(plainColumn(column)).toEqual(meaning);
  });
});
