import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactCreateSchema } from '../model.ts';
import { parseImportFile } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');

describe('an Outlook CSV export', () => {
  const { format, rows } = parseImportFile(fixture('outlook.csv'));
  const [katherine, dorothy, mary] = rows;
  const phones = (katherine?.input?.phones ?? []) as { number: string; label: string }[];
  const phoneLabel = (number: string) => phones.find((phone) => phone.number === number)?.label;

  it('is read as outlook-csv', () => {
    expect(format).toBe('outlook-csv');
    expect(rows.map((row) => row.label)).toEqual(['Katherine Johnson', 'Dorothy Vaughan', 'Mary Jackson']);
  });

  it.each([
    ['business fax', '+1 757 555 0100', 'work-fax'],
    ['business phone', '+1 757 555 0101', 'work'],
    ['mobile phone', '+1 757 555 0102', 'mobile'],
    ['home phone', '+1 757 555 0103', 'home'],
    ['pager', '+1 757 555 0104', 'pager'],
    ['car phone', '+1 757 555 0105', 'other'],
  ])("turns the export's %s into a %s phone", (_column, number, label) => {
    expect(phoneLabel(number)).toBe(label);
  });

  it('turns a home fax into a home-fax phone', () => {
    expect(dorothy?.input?.phones).toEqual([{ number: '+1 757 555 0200', label: 'home-fax' }]);
  });

  it('reads the job title from "Job Title", not from the courtesy "Title"', () => {
    expect(katherine?.input).toMatchObject({ company: 'NASA', jobTitle: 'Mathematician' });
  });

  it('reads M/D/YYYY birthdays, and 0/0/00 as no birthday', () => {
    expect(katherine?.input?.birthday).toEqual({ year: 1918, month: 8, day: 26 });
    expect(dorothy?.input).not.toHaveProperty('birthday');
  });

  it('splits Categories at ";" into tags', () => {
    expect(katherine?.input?.tags).toEqual(['Scientists', 'VIP']);
  });

  it('joins the extra street lines and PO box of the business address into the work street', () => {
    expect(katherine?.input?.addresses).toEqual([
      {
        label: 'work',
        street: '1 NASA Drive\nBuilding 1244\nPO Box 12',
        city: 'Hampton',
        region: 'VA',
        postalCode: '23666',
        country: 'United States',
      },
    ]);
    expect(dorothy?.input?.addresses).toEqual([{ label: 'home', street: '5 Elm Street', city: 'Hampton' }]);
  });

  it('reads all three email columns and the web page as a work website', () => {
    expect(katherine?.input?.emails).toEqual([
      { address: 'katherine@nasa.example', label: 'other' },
      { address: 'kj@home.example', label: 'other' },
    ]);
    expect(katherine?.input?.websites).toEqual([{ url: 'https://nasa.example', label: 'work' }]);
  });

  it('reports a birthday in another date format as invalid_format', () => {
    expect(mary?.error).toMatchObject({ code: 'invalid_format', path: 'birthday' });
  });

  it('produces input the contact schema accepts', () => {
    for (const row of [katherine, dorothy])
      expect(contactCreateSchema.safeParse(row?.input).success).toBe(true);
  });
});
