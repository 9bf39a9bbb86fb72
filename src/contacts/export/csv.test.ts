import { describe, expect, it } from 'vitest';
import type { Contact } from '../model.ts';
import { toCsv } from './csv.ts';

function contact(fields: Partial<Contact> = {}): Contact {
  return {
    id: '0b6f3c1e-6a9b-4a53-9d0c-6a1f5f0e2b11',
    firstName: 'Ada',
    middleName: null,
    lastName: 'Lovelace',
    company: null,
    jobTitle: null,
    birthday: null,
    emails: [],
    phones: [],
    addresses: [],
    websites: [],
    notes: null,
    tags: [],
    type: 'manual',
    status: 'active',
    version: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  };
}

const header = (csv: string) => csv.slice(0, csv.indexOf('\r\n')).split(',');

describe('exporting contacts as a Google Contacts CSV', () => {
  it("writes Google's current header with one set of numbered columns when no contact needs more", () => {
    const columns = header(toCsv([contact()]));
    expect(columns.slice(0, 3)).toEqual(['First Name', 'Middle Name', 'Last Name']);
    expect(columns).toEqual(
      expect.arrayContaining(['Organization Name', 'Organization Title', 'Birthday', 'Notes', 'Labels']),
    );
    expect(columns.filter((column) => / \d+ - /.test(column))).toEqual([
      'E-mail 1 - Label',
      'E-mail 1 - Value',
      'Phone 1 - Label',
      'Phone 1 - Value',
      'Address 1 - Label',
      'Address 1 - Formatted',
      'Address 1 - Street',
      'Address 1 - City',
      'Address 1 - PO Box',
      'Address 1 - Region',
      'Address 1 - Postal Code',
      'Address 1 - Country',
      'Address 1 - Extended Address',
      'Website 1 - Label',
      'Website 1 - Value',
    ]);
  });

  it('adds numbered columns up to the largest count any contact has, one value per column', () => {
    const phones = ['+1 555 0100', '+1 555 0101', '+1 555 0102'].map((number) => ({
      number,
      label: 'work-fax',
    }));
    const csv = toCsv([contact(), contact({ phones })]);
    expect(header(csv)).toContain('Phone 3 - Value');
    expect(header(csv)).not.toContain('Phone 4 - Value');
    expect(csv).not.toContain(':::');
    expect(csv).toContain('Work Fax,+1 555 0102');
  });

  it('quotes values with commas, quotes or newlines, and writes CRLF between records', () => {
    const csv = toCsv([contact({ notes: 'Said "hi", then\nleft', company: 'Acme, Inc' })]);
    expect(csv).toContain('"Said ""hi"", then\nleft"');
    expect(csv).toContain('"Acme, Inc"');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
  });

  it.each([
    [{ month: 5, day: 7 }, '--05-07'],
    [{ year: 1980, month: 5, day: 7 }, '1980-05-07'],
  ])('writes the birthday %j as %s', (birthday, cell) => {
    expect(toCsv([contact({ birthday })])).toContain(`,${cell},`);
  });

  it('writes tags as Labels joined by " ::: "', () => {
    expect(toCsv([contact({ tags: ['vip', 'buyers'] })])).toContain(',vip ::: buyers,');
  });
});
