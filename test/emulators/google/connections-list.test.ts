import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConnectionsPage,
  contactsPath,
  expectConformance,
  type GoogleKit,
  namedContacts,
  type PersonJson,
  SYNC_FIELDS,
  seed,
  startKit,
} from './google-test-kit.ts';

const EMAIL = 'lister@example.com';
let kit: GoogleKit;
let token: string;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  token = await kit.signIn(EMAIL);
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

function list(params: Record<string, string>) {
  const query = new URLSearchParams({ personFields: SYNC_FIELDS, ...params });
  return kit.api<ConnectionsPage>(token, 'GET', `/v1/people/me/connections?${query}`);
}

/** Pages through a listing the way a sync does, keeping every other parameter identical. */
async function listAll(params: Record<string, string>) {
  const pages: ConnectionsPage[] = [];
  let pageToken: string | undefined;
  do {
    const page = await list({ ...params, ...(pageToken ? { pageToken } : {}) });
    expect(page.status).toBe(200);
    pages.push(page.body);
    pageToken = page.body.nextPageToken;
  } while (pageToken);
  return { pages, people: pages.flatMap((page) => page.connections ?? []) };
}

async function fullSync() {
  const { pages, people } = await listAll({ requestSyncToken: 'true', pageSize: '2' });
  return { pages, people, syncToken: pages.at(-1)!.nextSyncToken! };
}

describe('connections.list', () => {
  it('pages with pageToken, 100 a page by default, and omits nextPageToken on the last page', async () => {
    await seed(kit, EMAIL, namedContacts(150));
    const first = await list({});
    expect(first.body.connections).toHaveLength(100);
    expect(first.body.totalItems).toBe(150);
    const second = await list({ pageToken: first.body.nextPageToken! });
    expect(second.body.connections).toHaveLength(50);
    expect(second.body.nextPageToken).toBeUndefined();
    const names = [...first.body.connections!, ...second.body.connections!].map((p) => p.resourceName);
    expect(new Set(names).size).toBe(150);
  });

  it('refuses a pageToken used with different parameters as INVALID_ARGUMENT', async () => {
    await seed(kit, EMAIL, namedContacts(3));
    const first = await list({ pageSize: '1' });
    const changed = await kit.api(
      token,
      'GET',
      `/v1/people/me/connections?personFields=names&pageSize=1&pageToken=${first.body.nextPageToken}`,
    );
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('requires personFields and keeps pageSize within 1–1000', async () => {
    const missing = await kit.api(token, 'GET', '/v1/people/me/connections');
    expect(missing.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect((await list({ pageSize: '1001' })).status).toBe(400);
    expect((await list({ pageSize: '1000' })).status).toBe(200);
  });

  it('returns nextSyncToken on the last page only', async () => {
    await seed(kit, EMAIL, namedContacts(5));
    const { pages } = await fullSync();
    expect(pages).toHaveLength(3);
    expect(pages.slice(0, -1).every((page) => page.nextSyncToken === undefined)).toBe(true);
    expect(pages.at(-1)!.nextSyncToken).toBeDefined();
  });

  it('sorts by first name when asked', async () => {
    await seed(kit, EMAIL, [
      { names: [{ givenName: 'Zoe' }] },
      { names: [{ givenName: 'adam' }] },
      { names: [{ givenName: 'Mia' }] },
    ]);
    const sorted = await list({ sortOrder: 'FIRST_NAME_ASCENDING' });
    expect(sorted.body.connections!.map((p) => p.names![0]!.givenName)).toEqual(['adam', 'Mia', 'Zoe']);
  });

  it('caps emails and phone numbers at 100 per person in lists but not in get', async () => {
    const emailAddresses = Array.from({ length: 120 }, (_, i) => ({ value: `p${i}@example.com` }));
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'Many' }], emailAddresses }]);
    expect((await list({})).body.connections![0]!.emailAddresses).toHaveLength(100);
    const full = await kit.api<PersonJson>(token, 'GET', `/v1/${name}?personFields=emailAddresses`);
    expect(full.body.emailAddresses).toHaveLength(120);
  });
});

describe('incremental sync', () => {
  it('returns a control-API edit in full and a deletion as a stub', async () => {
    const [kept, edited, removed] = await seed(kit, EMAIL, namedContacts(3));
    const { syncToken } = await fullSync();
    const editedId = edited!.slice('people/'.length);
    await kit.control('PATCH', contactsPath(EMAIL, `/${editedId}`), { names: [{ givenName: 'Renamed' }] });
    await kit.control('DELETE', contactsPath(EMAIL, `/${removed!.slice('people/'.length)}`));

    const changes = await list({ requestSyncToken: 'true', syncToken });
    expect(changes.status).toBe(200);
    const people = changes.body.connections!;
    expect(people.map((p) => p.resourceName)).toEqual([edited, removed]);
    expect(people[0]!.names![0]!.givenName).toBe('Renamed');
    expect(people[1]).toEqual({
      resourceName: removed,
      etag: expect.any(String),
      metadata: { sources: [{ type: 'CONTACT', id: expect.any(String) }], deleted: true },
    });
    expect(people.some((p) => p.resourceName === kept)).toBe(false);

    const quiet = await list({ requestSyncToken: 'true', syncToken: changes.body.nextSyncToken! });
    expect(quiet.body.connections).toBeUndefined();
    expect(quiet.body.nextSyncToken).toBeDefined();
  });

  it('pages incremental changes and gives the sync token on the last page', async () => {
    const names = await seed(kit, EMAIL, namedContacts(5));
    const { syncToken } = await fullSync();
    for (const name of names) {
      await kit.control('PATCH', contactsPath(EMAIL, `/${name.slice(7)}`), {
        biographies: [{ value: 'edited' }],
      });
    }
    const { pages, people } = await listAll({ requestSyncToken: 'true', pageSize: '2', syncToken });
    expect(people.map((p) => p.resourceName).sort()).toEqual([...names].sort());
    expect(pages.at(-1)!.nextSyncToken).toBeDefined();
    expect(pages[0]!.nextSyncToken).toBeUndefined();
  });

  it('refuses a sync token used with other personFields as INVALID_ARGUMENT', async () => {
    const { syncToken } = await fullSync();
    const other = await kit.api(
      token,
      'GET',
      `/v1/people/me/connections?personFields=names&syncToken=${syncToken}`,
    );
    expect(other.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('answers an expired sync token with 400 FAILED_PRECONDITION and ErrorInfo EXPIRED_SYNC_TOKEN', async () => {
    const { syncToken } = await fullSync();
    kit.clock.advance(7 * 24 * 3600 + 1);
    token = await kit.signIn(EMAIL);
    const expired = await list({ requestSyncToken: 'true', syncToken });
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({
      error: {
        code: 400,
        message: 'Sync token is expired. Clear local cache and retry call without the sync token.',
        status: 'FAILED_PRECONDITION',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'EXPIRED_SYNC_TOKEN',
            domain: 'people.googleapis.com',
          },
        ],
        errors: expect.any(Array),
      },
    });
  });

  it('expires sync tokens at once through the control API', async () => {
    const { syncToken } = await fullSync();
    await kit.control('POST', `/accounts/${encodeURIComponent(EMAIL)}/expire-cursors`);
    const expired = await list({ requestSyncToken: 'true', syncToken });
    expect(expired.body).toMatchObject({ error: { status: 'FAILED_PRECONDITION' } });
  });

  it('shows a write to sync requests only after propagationDelayMs, and to full lists at once', async () => {
    await kit.control('PUT', '/settings', { propagationDelayMs: 120_000 });
    const { syncToken } = await fullSync();
    await seed(kit, EMAIL, namedContacts(1, 'Late'));

    const early = await list({ requestSyncToken: 'true', syncToken });
    expect(early.body.connections).toBeUndefined();
    expect((await list({})).body.connections).toHaveLength(1);

    kit.clock.advance(120);
    const later = await list({ requestSyncToken: 'true', syncToken: early.body.nextSyncToken! });
    expect(later.body.connections?.map((p) => p.names![0]!.givenName)).toEqual(['Late0']);
  });

  it('reports a changed resource name in metadata.previousResourceNames on sync only', async () => {
    const [name] = await seed(kit, EMAIL, namedContacts(1));
    const { syncToken } = await fullSync();
    const renamed = await kit.control<{ resourceName: string }>(
      'POST',
      contactsPath(EMAIL, `/${name!.slice(7)}/rename`),
    );
    expect(renamed.body.resourceName).not.toBe(name);

    const changes = await list({ requestSyncToken: 'true', syncToken });
    const person = changes.body.connections![0]!;
    expect(person.resourceName).toBe(renamed.body.resourceName);
    expect(person.metadata!.previousResourceNames).toEqual([name]);
    const full = await list({});
    expect(full.body.connections![0]!.metadata!.previousResourceNames).toBeUndefined();
    expect((await kit.api(token, 'GET', `/v1/${name}?personFields=names`)).status).toBe(404);
  });
});
