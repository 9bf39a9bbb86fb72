import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLegacyIntegration } from '../../src/sync/legacy-integrations.ts';
import { bearer, type TestApp, type TestUser } from '../support/app.ts';
import { type SyncKit, startSyncKit } from '../sync/google-sync-kit.ts';

// Walks every documented route as user B against user A's data. A route added to the API without
// a line here fails the first test, so isolation is checked for every route, not a sample.

let kit: SyncKit;
let t: TestApp;
let a: TestUser;
let b: TestUser;
let aContactId: string;
let aImportId: string;
let aTokenId: string;
let aLegacyId: string;
let aHistoryId: string;

beforeAll(async () => {
  // A is connected to Google and has sync history; B is another user of the same server.
  kit = await startSyncKit();
  t = kit.t;
  a = kit.user;
  b = await t.createUser();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: bearer(a),
    payload: {
      firstName: 'Secret',
      lastName: 'Alice',
      emails: [{ address: 'secret@a.example' }],
      tags: ['a-only'],
    },
  });
  aContactId = created.json().id;
  const boundary = 'b0undary';
  const imported = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { ...bearer(a), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="a.csv"',
      'Content-Type: text/csv',
      '',
      'first name,last name,email\nImported,Alice,imported@a.example',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  });
  expect(imported.statusCode).toBe(201);
  aImportId = imported.json().id;
  const token = await t.app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: bearer(a),
    payload: { name: 'a' },
  });
  aTokenId = token.json().id;
  await kit.connect();
  await kit.waitFor(async () => (await kit.status()).status === 'running');
  const added = await kit.api('POST', '/api/contacts/sync', { contactIds: [aContactId] });
  expect(added.body.results[0].outcome).toBe('added');
  aHistoryId = (await kit.api('GET', `/api/contacts/${aContactId}/history`)).body.items[0].id;
  aLegacyId = await addLegacyIntegration(t.database.db, a.id, 'contacts', 'Alice legacy sync');
});
afterAll(() => kit.close());

type Probe = () => Promise<void>;

async function asB(method: string, url: string, payload?: object) {
  return t.app.inject({ method: method as 'GET', url, headers: bearer(b), ...(payload ? { payload } : {}) });
}

async function expect404(method: string, url: string, payload?: object) {
  const response = await asB(method, url, payload);
  expect(response.statusCode, `${method} ${url}`).toBe(404);
}

async function expectNoTraceOfA(method: string, url: string) {
  const response = await asB(method, url);
  expect(response.statusCode, `${method} ${url}`).toBeLessThan(300);
  expect(response.body).not.toMatch(/Alice|secret@a|imported@a|a-only/);
  expect(response.body).not.toContain(aContactId);
}

const probes: Record<string, Probe> = {
  'GET /api/contacts': async () => {
    await expectNoTraceOfA('GET', '/api/contacts');
    await expectNoTraceOfA('GET', '/api/contacts?q=alice');
    await expectNoTraceOfA('GET', '/api/contacts?tag=a-only');
    await expectNoTraceOfA('GET', '/api/contacts?type=import');
  },
  'POST /api/contacts': async () => {
    const response = await asB('POST', '/api/contacts', { firstName: 'Bob' });
    expect(response.statusCode).toBe(201);
    await expectNoTraceOfA('GET', '/api/contacts');
  },
  'GET /api/contacts/export': async () => {
    await expectNoTraceOfA('GET', '/api/contacts/export?format=vcard');
    await expectNoTraceOfA('GET', '/api/contacts/export?format=csv');
  },
  'GET /api/contacts/{id}': () => expect404('GET', `/api/contacts/${aContactId}`),
  'PATCH /api/contacts/{id}': () => expect404('PATCH', `/api/contacts/${aContactId}`, { lastName: 'Hacked' }),
  'DELETE /api/contacts/{id}': () => expect404('DELETE', `/api/contacts/${aContactId}`),
  'POST /api/imports': async () => {
    // An import by B must not flag A's contacts as duplicates of B's rows.
    const boundary = 'x';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...bearer(b), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\nfirst name,last name,email\nSecret,Alice,secret@a.example\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().rows[0]).toMatchObject({ outcome: 'created' });
    expect(response.json().rows[0].likelyDuplicateOf).toBeUndefined();
  },
  'GET /api/imports': async () => {
    const response = await asB('GET', '/api/imports');
    expect(response.json().items.map((i: { id: string }) => i.id)).not.toContain(aImportId);
  },
  'GET /api/imports/{id}': () => expect404('GET', `/api/imports/${aImportId}`),
  'GET /api/tokens': async () => {
    const response = await asB('GET', '/api/tokens');
    expect(response.json().items.map((i: { id: string }) => i.id)).not.toContain(aTokenId);
  },
  'POST /api/tokens': async () => {
    expect((await asB('POST', '/api/tokens', { name: 'b' })).statusCode).toBe(201);
  },
  'DELETE /api/tokens/{id}': () => expect404('DELETE', `/api/tokens/${aTokenId}`),
  'GET /api/auth/session': async () => {
    const { cookie } = await t.login(b);
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(response.json().user.id).toBe(b.id);
  },
  'POST /api/auth/login': async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: a.email, password: b.password },
    });
    expect(response.statusCode).toBe(401);
  },
  'POST /api/auth/logout': async () => {
    // Logging out B's session leaves A's token working.
    const { cookie, csrfToken } = await t.login(b);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/contacts', headers: bearer(a) })).statusCode).toBe(
      200,
    );
  },
  'POST /api/sync/connection': async () => {
    // B may start its own connection; it never touches A's.
    const { cookie, csrfToken } = await t.login(b);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/sync/connection',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { provider: 'google', email: 'bob@example.com' },
    });
    expect(response.statusCode).toBe(200);
    expect((await kit.status()).accountEmail).toBe(kit.email);
  },
  'GET /api/sync': async () => {
    await expectNoTraceOfA('GET', '/api/sync');
    expect((await asB('GET', '/api/sync')).json().connection).toBeNull();
  },
  'GET /api/sync/connection': () => expect404('GET', '/api/sync/connection'),
  'DELETE /api/sync/connection': () => expect404('DELETE', '/api/sync/connection'),
  'POST /api/sync/connection/run': () => expect404('POST', '/api/sync/connection/run'),
  'POST /api/sync/connection/pause': () => expect404('POST', '/api/sync/connection/pause'),
  'POST /api/sync/connection/resume': () => expect404('POST', '/api/sync/connection/resume'),
  'POST /api/sync/connection/confirm-unlinks': () =>
    expect404('POST', '/api/sync/connection/confirm-unlinks'),
  'POST /api/contacts/sync': () => expect404('POST', '/api/contacts/sync', { contactIds: [aContactId] }),
  'GET /api/contacts/{id}/history': () => expect404('GET', `/api/contacts/${aContactId}/history`),
  'POST /api/contacts/{id}/history/{entryId}/restore': () =>
    expect404('POST', `/api/contacts/${aContactId}/history/${aHistoryId}/restore`),
  'GET /api/integrations/legacy': async () => {
    await expectNoTraceOfA('GET', '/api/integrations/legacy');
  },
  'DELETE /api/integrations/legacy/{id}': () => expect404('DELETE', `/api/integrations/legacy/${aLegacyId}`),
  'GET /api/health': async () => {
    expect((await asB('GET', '/api/health')).body).not.toContain(a.email);
  },
};

describe('one user can neither see nor change another user’s data', () => {
  it('has a probe for every documented route', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(probes).sort());
  });

  it.each(Object.keys(probes))('%s', async (route) => {
    await probes[route]!();
  });

  it('left all of A’s data exactly as it was', async () => {
    const contact = await t.app.inject({
      method: 'GET',
      url: `/api/contacts/${aContactId}`,
      headers: bearer(a),
    });
    expect(contact.json()).toMatchObject({ lastName: 'Alice', version: 1 });
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${aImportId}`,
      headers: bearer(a),
    });
    expect(report.statusCode).toBe(200);
    const tokens = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer(a) });
    expect(tokens.json().items.map((i: { id: string }) => i.id)).toContain(aTokenId);
    expect(await kit.status()).toMatchObject({ status: 'running', accountEmail: kit.email });
    expect((await kit.api('GET', '/api/integrations/legacy')).body.items).toHaveLength(1);
    const history = (await kit.api('GET', `/api/contacts/${aContactId}/history`)).body.items;
    expect(history.find((h: { id: string }) => h.id === aHistoryId)?.restoredAt).toBeNull();
  });
});
