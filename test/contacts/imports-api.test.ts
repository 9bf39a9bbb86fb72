import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestApp, type TestApp, type TestUser } from '../support/app.ts';
import { multipartFile } from '../support/multipart.ts';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await startTestApp({ IMPORT_MAX_BYTES: '4096' });
});
afterAll(() => t.close());
beforeEach(async () => {
  user = await t.createUser();
});

async function upload(content: Buffer | string, fileName = 'contacts.csv', query = '') {
  const { payload, headers } = multipartFile(content, fileName);
  return t.app.inject({
    method: 'POST',
    url: `/api/imports${query}`,
    headers: { ...bearer(user), ...headers },
    payload,
  });
}

async function allContacts() {
  const r = await t.app.inject({ method: 'GET', url: '/api/contacts?limit=200', headers: bearer(user) });
  return r.json<{ items: Record<string, unknown>[] }>().items;
}

const GOOGLE_HEADER =
  'First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,Labels,' +
  'E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value';

describe('importing a file', () => {
  it('imports a Google Contacts CSV as type import, with labels, birthdays and tags', async () => {
    const csv = [
      GOOGLE_HEADER,
      'Zoë,,Müller,Acme,Broker,--05-17,"Likes ""quiet"" calls",* myContacts ::: VIP,* Home,zoe@example.com,Mobile,+49 89 1234567,Work Fax,+49 89 7654321',
      'José,,García,,,1980-02-29,,,Work,jose@example.com ::: jg@example.com,Pager,555 0100,,',
    ].join('\n');
    const response = await upload(csv);
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report).toMatchObject({ format: 'google-csv', counts: { rows: 2, created: 2, skipped: 0 } });

    const byName = Object.fromEntries((await allContacts()).map((c) => [c.firstName, c]));
    expect(byName.Zoë).toMatchObject({
      lastName: 'Müller',
      type: 'import',
      birthday: { month: 5, day: 17 },
      tags: ['VIP'],
      phones: [
        { number: '+49 89 1234567', label: 'mobile' },
        { number: '+49 89 7654321', label: 'work-fax' },
      ],
      notes: 'Likes "quiet" calls',
    });
    expect(byName.José).toMatchObject({
      birthday: { year: 1980, month: 2, day: 29 },
      emails: [
        { address: 'jose@example.com', label: 'work' },
        { address: 'jg@example.com', label: 'work' },
      ],
      phones: [{ number: '555 0100', label: 'pager' }],
    });
  });

  it('reports a bad row with its reason and field path and still imports the good ones', async () => {
    const csv = [
      'first name,last name,email,birthday',
      'Good,One,good1@example.com,',
      'Bad,Email,not-an-email,',
      'Bad,Date,bad@example.com,2023-02-30',
      'Good,Two,good2@example.com,1990-01-01',
    ].join('\n');
    const report = (await upload(csv)).json();
    expect(report.counts).toMatchObject({ rows: 4, created: 2, skipped: 2 });
    expect(report.rows[1]).toMatchObject({
      row: 2,
      outcome: 'skipped',
      reason: { code: 'validation_failed', details: [expect.objectContaining({ path: 'emails.0.address' })] },
    });
    expect(JSON.stringify(report.rows[2].reason)).toContain('invalid_date');
    expect((await allContacts()).map((c) => c.lastName).sort()).toEqual(['One', 'Two']);
  });

  it('flags likely duplicates of existing contacts and of earlier rows, or skips them on request', async () => {
    const existing = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: bearer(user),
      payload: { firstName: 'Ada', lastName: 'Lovelace', phones: [{ number: '+1 202 555 0143' }] },
    });
    const csv = [
      'first name,last name,email,phone',
      'ADA,lovelace,,(202) 555-0143',
      'Grace,Hopper,grace@example.com,',
      'Grace,Hopper,GRACE@example.com,',
      'Nameless,,n@example.com,',
    ].join('\n');
    const flagged = (await upload(csv)).json();
    expect(flagged.counts).toMatchObject({ created: 2, flaggedDuplicate: 2, unmatchable: 1 });
    expect(flagged.rows[0]).toMatchObject({
      outcome: 'flagged-duplicate',
      likelyDuplicateOf: { contactId: existing.json().id },
    });
    expect(flagged.rows[2]).toMatchObject({ outcome: 'flagged-duplicate', likelyDuplicateOf: { row: 2 } });
    expect(flagged.rows[3]).toMatchObject({ outcome: 'created', unmatchable: true });

    const again = (await upload(csv, 'again.csv', '?duplicates=skip')).json();
    expect(again.counts).toMatchObject({ created: 1, skipped: 3 });
    expect(again.rows[1].reason.code).toBe('likely_duplicate');
  });

  it('imports a vCard file and skips a card with an impossible date', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Curie;Marie;;;',
      'FN:Marie Curie',
      'EMAIL;TYPE=INTERNET,HOME:marie@example.com',
      'TEL;TYPE=HOME,FAX:+33 1 00 00 00 00',
      'BDAY:1867-11-07',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Impossible;Ivy;;;',
      'FN:Ivy Impossible',
      'BDAY:20230230',
      'END:VCARD',
      '',
    ].join('\r\n');
    const report = (await upload(vcf, 'people.vcf')).json();
    expect(report).toMatchObject({ format: 'vcard', counts: { created: 1, skipped: 1 } });
    expect(JSON.stringify(report.rows[1].reason)).toContain('invalid_date');
    const [marie] = await allContacts();
    expect(marie).toMatchObject({
      birthday: { year: 1867, month: 11, day: 7 },
      phones: [{ label: 'home-fax' }],
    });
  });

  it('reports a CSV record with broken quoting as one bad row', async () => {
    const csv = [
      'first name,last name,email',
      'Good,Row,g@example.com',
      'Broken,"Quo"te,b@example.com',
      'Also,Good,a@example.com',
    ].join('\n');
    const report = (await upload(csv)).json();
    expect(report.counts.created).toBeGreaterThanOrEqual(1);
    expect(
      report.rows.some(
        (r: { outcome: string; reason?: { code: string } }) => r.reason?.code === 'import_malformed_csv',
      ),
    ).toBe(true);
    expect((await allContacts()).map((c) => c.lastName)).toContain('Row');
  });
});

describe('a file refused as a whole writes nothing', () => {
  it.each([
    ['an empty file', '', 400, 'import_empty_file'],
    [
      'a non-UTF-8 file',
      Buffer.from('first name,last name\nRen\xe9,Dupr\xe9\n', 'latin1'),
      400,
      'import_invalid_encoding',
    ],
    ['a file that is neither CSV nor vCard', '\x7fELF garbage\nmore garbage', 400, 'import_unknown_format'],
    ['a file over the size limit', `first name\n${'x\n'.repeat(3000)}`, 413, 'payload_too_large'],
  ])('%s', async (_, content, status, code) => {
    const response = await upload(content as string | Buffer);
    expect(response.statusCode).toBe(status);
    expect(errorOf(response).code).toBe(code);
    expect(await allContacts()).toEqual([]);
  });

  it('refuses a request without a file part', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...bearer(user), 'content-type': 'application/json' },
      payload: {},
    });
    expect(response.statusCode).toBe(415);
  });
});

describe('export', () => {
  it('exports contacts as vCard and CSV that import back unchanged', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: bearer(user),
      payload: {
        firstName: 'Émile',
        lastName: 'Zola',
        birthday: { month: 4, day: 2 },
        emails: [{ address: 'emile@example.com', label: 'work' }],
        phones: [{ number: '+33 1 23 45 67 89', label: 'home-fax' }],
        addresses: [{ label: 'home', street: '21 bis rue de Bruxelles', city: 'Paris', country: 'France' }],
        notes: 'J’accuse, "line one"\nline two',
        tags: ['writers'],
      },
    });
    const [original] = await allContacts();
    for (const format of ['vcard', 'csv']) {
      const exported = await t.app.inject({
        method: 'GET',
        url: `/api/contacts/export?format=${format}`,
        headers: bearer(user),
      });
      expect(exported.statusCode).toBe(200);
      const other = user;
      user = await t.createUser();
      const report = (await upload(exported.rawPayload, format === 'vcard' ? 'x.vcf' : 'x.csv')).json();
      expect(report.counts.created).toBe(1);
      const [copy] = await allContacts();
      const { id: _a, createdAt: _b, updatedAt: _c, type: _d, ...fields } = original!;
      expect(copy).toMatchObject(fields);
      user = other;
    }
  });
});
