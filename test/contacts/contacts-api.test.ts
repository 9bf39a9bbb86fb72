import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestApp, type TestApp, type TestUser } from '../support/app.ts';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  user = await t.createUser();
});
afterAll(() => t.close());

async function post(payload: unknown, as: TestUser = user) {
  return t.app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: bearer(as),
    payload: payload as object,
  });
}

async function countContacts(as: TestUser = user): Promise<number> {
  const r = await t.app.inject({ method: 'GET', url: '/api/contacts?limit=200', headers: bearer(as) });
  return r.json<{ items: unknown[] }>().items.length;
}

const ada = {
  firstName: ' Ada ',
  middleName: 'King',
  lastName: 'Lovelace',
  company: 'Analytical Engines',
  jobTitle: 'Programmer',
  birthday: { month: 12, day: 10 },
  emails: [
    { address: 'ada@example.com', label: 'home' },
    { address: 'ADA@example.com', label: 'work' },
  ],
  phones: [
    { number: '+44 20 7946 0958', label: 'mobile' },
    { number: '+44 20 7946 0000', label: 'work-fax' },
    { number: '+44 20 7946 0001', label: 'pager' },
  ],
  addresses: [{ label: 'home', street: '12 St James Sq', city: 'London', country: 'UK' }],
  websites: [{ url: 'https://ada.example.com', label: 'home' }],
  notes: 'Met at the Babbage salon',
  tags: ['vip', 'london'],
};

describe('contacts', () => {
  it('creates a contact with every field, trimmed, active and manual by default', async () => {
    const response = await post(ada);
    expect(response.statusCode).toBe(201);
    const contact = response.json();
    expect(contact).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      birthday: { month: 12, day: 10 },
      type: 'manual',
      status: 'active',
      version: 1,
      addresses: [
        {
          label: 'home',
          street: '12 St James Sq',
          city: 'London',
          region: null,
          postalCode: null,
          country: 'UK',
        },
      ],
    });
    // The same address twice (case aside) is kept once.
    expect(contact.emails).toEqual([{ address: 'ada@example.com', label: 'home' }]);
    expect(contact.phones).toHaveLength(3);
    expect(response.headers.etag).toBe('"1"');
  });

  it('reads, patches (bumping the version) and deletes a contact', async () => {
    const { id } = (await post({ firstName: 'Grace', lastName: 'Hopper' })).json();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/contacts/${id}`,
      headers: bearer(user),
      payload: { company: 'US Navy', status: 'past-client', birthday: { year: 1906, month: 12, day: 9 } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      firstName: 'Grace',
      company: 'US Navy',
      status: 'past-client',
      version: 2,
    });

    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/api/contacts/${id}`,
      headers: bearer(user),
      payload: { company: null, birthday: null },
    });
    expect(cleared.json()).toMatchObject({ company: null, birthday: null, version: 3 });

    const read = await t.app.inject({ method: 'GET', url: `/api/contacts/${id}`, headers: bearer(user) });
    expect(read.json().version).toBe(3);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/contacts/${id}`,
      headers: bearer(user),
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/api/contacts/${id}`, headers: bearer(user) });
    expect(gone.statusCode).toBe(404);
    expect(errorOf(gone).code).toBe('not_found');
  });

  it('refuses a stale If-Match version with 409 and applies a current one', async () => {
    const { id } = (await post({ firstName: 'Alan', lastName: 'Turing' })).json();
    const patch = (ifMatch: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/contacts/${id}`,
        headers: { ...bearer(user), 'if-match': ifMatch },
        payload: { jobTitle: 'Mathematician' },
      });
    expect((await patch('"1"')).statusCode).toBe(200);
    const stale = await patch('"1"');
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('version_conflict');
  });

  it('lets an API token create leads but keeps browser sessions to manual contacts', async () => {
    const lead = await post({ firstName: 'Lea', lastName: 'Lead', type: 'lead' });
    expect(lead.statusCode).toBe(201);
    expect(lead.json().type).toBe('lead');

    const { cookie, csrfToken } = await t.login(user);
    const fromBrowser = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { firstName: 'Lea', type: 'lead' },
    });
    expect(fromBrowser.statusCode).toBe(400);
    expect(errorOf(fromBrowser).details).toEqual([
      expect.objectContaining({ path: 'type', code: 'not_allowed' }),
    ]);

    const synced = await post({ firstName: 'G', type: 'google' });
    expect(errorOf(synced).details[0]).toMatchObject({ path: 'type', code: 'not_allowed' });
  });
});

describe('bad input is refused with a field path and writes nothing', () => {
  const longName = 'x'.repeat(201);
  const cases: [string, unknown, { path: string; code: string }][] = [
    ['a wrong type', { firstName: 42 }, { path: 'firstName', code: 'invalid_type' }],
    ['an over-long string', { firstName: longName }, { path: 'firstName', code: 'too_long' }],
    [
      'too many emails',
      { emails: Array.from({ length: 21 }, (_, i) => ({ address: `a${i}@x.com` })) },
      { path: 'emails', code: 'too_many' },
    ],
    ['an unknown field', { firstName: 'A', nickname: 'x' }, { path: 'nickname', code: 'unknown_field' }],
    [
      'an unknown field inside a list item',
      { emails: [{ address: 'a@x.com', primary: true }] },
      { path: 'emails.0.primary', code: 'unknown_field' },
    ],
    [
      'an impossible birthday',
      { birthday: { year: 2023, month: 2, day: 29 } },
      { path: 'birthday.day', code: 'invalid_date' },
    ],
    [
      'a month out of range',
      { birthday: { month: 13, day: 1 } },
      { path: 'birthday.month', code: 'out_of_range' },
    ],
    [
      'a bad email',
      { emails: [{ address: 'not-an-email' }] },
      { path: 'emails.0.address', code: 'invalid_format' },
    ],
    [
      'an unknown label',
      { phones: [{ number: '555 0100', label: 'car' }] },
      { path: 'phones.0.label', code: 'invalid_value' },
    ],
    [
      'letters in a phone',
      { phones: [{ number: 'call me' }] },
      { path: 'phones.0.number', code: 'invalid_phone' },
    ],
    ['an unknown status', { status: 'hot' }, { path: 'status', code: 'invalid_value' }],
    ['a body that is not an object', [1, 2], { path: '(root)', code: 'invalid_type' }],
  ];

  it.each(cases)('%s', async (_, payload, expected) => {
    const before = await countContacts();
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toContainEqual(expect.objectContaining(expected));
    expect(await countContacts()).toBe(before);
  });

  it('answers malformed JSON with malformed_json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...bearer(user), 'content-type': 'application/json' },
      payload: '{"firstName": "Ada",',
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('malformed_json');
  });

  it('refuses a PATCH with a bad field without changing the contact', async () => {
    const { id } = (await post({ firstName: 'Kept', lastName: 'Intact' })).json();
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/contacts/${id}`,
      headers: bearer(user),
      payload: { lastName: 'Changed', emails: [{ address: 'bad' }] },
    });
    expect(response.statusCode).toBe(400);
    const read = await t.app.inject({ method: 'GET', url: `/api/contacts/${id}`, headers: bearer(user) });
    expect(read.json()).toMatchObject({ lastName: 'Intact', version: 1 });
  });

  it('refuses a body over the size limit with payload_too_large', async () => {
    const response = await post({ notes: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
  });
});

describe('listing', () => {
  let lister: TestUser;

  beforeAll(async () => {
    lister = await t.createUser();
    const people = Array.from({ length: 120 }, (_, i) => ({
      firstName: `Person${String(i).padStart(3, '0')}`,
      lastName: i % 2 ? 'Odd' : 'Even',
      company: i === 7 ? 'Société Générale' : null,
      emails: [{ address: `p${i}@example.com` }],
      phones: [{ number: `+1 202 555 ${String(1000 + i)}` }],
      tags: i % 10 === 0 ? ['tenth'] : [],
      status: i % 3 === 0 ? 'future' : 'active',
    }));
    for (const p of people) expect((await post(p, lister)).statusCode).toBe(201);
  });

  async function list(query: string) {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/contacts?${query}`,
      headers: bearer(lister),
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: { firstName: string; lastName: string }[]; nextCursor: string | null }>();
  }

  it('pages through every contact once with the cursor, in name order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => `${c.lastName} ${c.firstName}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort());
  });

  it.each([
    ['by first name', 'q=person007', 1],
    ['by last name and first name together', 'q=odd%20person00', 5],
    ['by email', 'q=p42@example.com', 1],
    ['by phone, whatever the punctuation', 'q=(202)%20555-1042', 1],
    ['by company without accents', 'q=societe', 1],
    ['by type', 'type=manual', 120],
    ['by status', 'status=future', 40],
    ['by tag', 'tag=tenth', 12],
    ['by status and search together', 'status=future&q=even', 20],
  ])('searches and filters %s', async (_, query, expected) => {
    const page = await list(`${query}&limit=200`);
    expect(page.items).toHaveLength(expected);
  });

  it('refuses a limit above 200 and a forged cursor', async () => {
    const tooMany = await t.app.inject({
      method: 'GET',
      url: '/api/contacts?limit=201',
      headers: bearer(lister),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(errorOf(tooMany)).toMatchObject({
      code: 'invalid_query',
      details: [{ path: 'query.limit', code: 'out_of_range' }],
    });
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/contacts?cursor=abc',
      headers: bearer(lister),
    });
    expect(errorOf(forged).code).toBe('invalid_cursor');
  });
});
