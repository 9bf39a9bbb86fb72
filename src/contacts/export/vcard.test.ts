import { describe, expect, it } from 'vitest';
import type { Contact } from '../model.ts';
import { toVCard } from './vcard.ts';
import { foldLine } from './vcard-text.ts';

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

const unfolded = (vcard: string) => vcard.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('exporting contacts as vCard 4.0', () => {
  it('writes one card per contact with its id as UID and X-CONTACT-SYNC-ID, lines ending in CRLF', () => {
    const vcard = toVCard([
      contact(),
      contact({ id: 'ffffffff-0000-4000-8000-000000000000', firstName: 'Bob' }),
    ]);
    expect(vcard).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'UID:urn:uuid:0b6f3c1e-6a9b-4a53-9d0c-6a1f5f0e2b11',
        'FN:Ada Lovelace',
        'N:Lovelace;Ada;;;',
        'X-CONTACT-SYNC-ID:0b6f3c1e-6a9b-4a53-9d0c-6a1f5f0e2b11',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:4.0',
        'UID:urn:uuid:ffffffff-0000-4000-8000-000000000000',
        'FN:Bob Lovelace',
        'N:Lovelace;Bob;;;',
        'X-CONTACT-SYNC-ID:ffffffff-0000-4000-8000-000000000000',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });

  it('escapes commas, backslashes and newlines in text, and semicolons only in structured values', () => {
    const lines = unfolded(
      toVCard([
        contact({
          lastName: 'Smith; Jones',
          company: 'Café; Bar, Ltd',
          jobTitle: 'Head of A; B',
          notes: 'Line one, with comma\nLine two \\ backslash; semicolon',
          addresses: [
            {
              label: 'home',
              street: '1 Main St; Flat 2\nBack door',
              city: 'Paris, 5e',
              region: null,
              postalCode: null,
              country: null,
            },
          ],
          tags: ['Friends, close', 'A;B'],
        }),
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'N:Smith\\; Jones;Ada;;;',
        'ORG:Café\\; Bar\\, Ltd',
        'TITLE:Head of A; B',
        'NOTE:Line one\\, with comma\\nLine two \\\\ backslash; semicolon',
        'ADR;TYPE=home:;;1 Main St\\; Flat 2\\nBack door;Paris\\, 5e;;;',
        'CATEGORIES:Friends\\, close,A;B',
      ]),
    );
  });

  it.each([
    [{ month: 5, day: 17 }, 'BDAY:--0517'],
    [{ year: 1980, month: 5, day: 17 }, 'BDAY:19800517'],
  ])('writes the birthday %j as %s', (birthday, line) => {
    expect(unfolded(toVCard([contact({ birthday })]))).toContain(line);
  });

  it.each([
    ['mobile', 'TEL;VALUE=text;TYPE=cell:+1 555 0100'],
    ['home', 'TEL;VALUE=text;TYPE=home:+1 555 0100'],
    ['work', 'TEL;VALUE=text;TYPE=work:+1 555 0100'],
    ['main', 'TEL;VALUE=text;TYPE=main:+1 555 0100'],
    ['other', 'TEL;VALUE=text;TYPE=voice:+1 555 0100'],
    ['home-fax', 'TEL;VALUE=text;TYPE=fax,home:+1 555 0100'],
    ['work-fax', 'TEL;VALUE=text;TYPE=fax,work:+1 555 0100'],
    ['other-fax', 'TEL;VALUE=text;TYPE=fax:+1 555 0100'],
    ['pager', 'TEL;VALUE=text;TYPE=pager:+1 555 0100'],
  ])('writes a %s phone as %s', (label, line) => {
    expect(unfolded(toVCard([contact({ phones: [{ number: '+1 555 0100', label }] })]))).toContain(line);
  });

  it('types emails, addresses and websites, leaving "other" emails and websites untyped', () => {
    const lines = unfolded(
      toVCard([
        contact({
          emails: [
            { address: 'ada@work.example', label: 'work' },
            { address: 'ada@example.com', label: 'other' },
          ],
          addresses: [
            { label: 'other', street: null, city: 'Rome', region: null, postalCode: null, country: null },
          ],
          websites: [{ url: 'https://example.com/a,b', label: 'other' }],
        }),
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'EMAIL;TYPE=work:ada@work.example',
        'EMAIL:ada@example.com',
        'ADR;TYPE=other:;;;Rome;;;',
        'URL:https://example.com/a,b',
      ]),
    );
  });

  it('names a contact without a name by its company in FN and writes no N', () => {
    const lines = unfolded(toVCard([contact({ firstName: null, lastName: null, company: 'Acme' })]));
    expect(lines).toContain('FN:Acme');
    expect(lines.some((line) => line.startsWith('N:'))).toBe(false);
  });
});

describe('folding vCard lines', () => {
  it('keeps every line within 75 octets and never splits a multi-byte character', () => {
    const line = `NOTE:${'Zoë Ångström 😀 '.repeat(20)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');

    expect(physical.length).toBeGreaterThan(1);
    for (const piece of physical) expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
    for (const piece of physical.slice(1)) expect(piece.startsWith(' ')).toBe(true);
    // A character cut in two would leave a lone surrogate, which does not survive UTF-8 encoding.
    for (const piece of physical) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a line of exactly 75 octets alone', () => {
    const line = `NOTE:${'x'.repeat(70)}`;
    expect(foldLine(line)).toBe(line);
    expect(foldLine(`${line}y`)).toBe(`${line}\r\n y`);
  });
});
