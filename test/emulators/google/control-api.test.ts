import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConnectionsPage,
  contactsPath,
  expectConformance,
  type GoogleKit,
  type PersonJson,
  seed,
  startKit,
} from './google-test-kit.ts';

const EMAIL = 'owner@example.com';
let kit: GoogleKit;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  await kit.control('POST', '/accounts', { email: EMAIL });
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

function listed() {
  return kit.control<{ contacts: PersonJson[] }>('GET', contactsPath(EMAIL));
}

describe('control API', () => {
  it('seeds Person JSON, adding myContacts, and lists full persons', async () => {
    const [name] = await seed(kit, EMAIL, [
      { names: [{ givenName: 'Grace' }], clientData: [{ key: 'k', value: 'v' }] },
    ]);
    const { contacts } = (await listed()).body;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.resourceName).toBe(name);
    expect(contacts[0]!.memberships![0]!.contactGroupMembership.contactGroupResourceName).toBe(
      'contactGroups/myContacts',
    );
    expect(contacts[0]!.clientData).toMatchObject([{ key: 'k', value: 'v' }]);
  });

  it('refuses seeded contacts that break Google’s rules with 400', async () => {
    const bad = await kit.control('POST', contactsPath(EMAIL), { contacts: [{ names: [{}, {}] }] });
    expect(bad.status).toBe(400);
    const unknownField = await kit.control('POST', contactsPath(EMAIL), { contacts: [{ nmes: [] }] });
    expect(unknownField.status).toBe(400);
  });

  it('edits a contact as a person would: new etag, other fields kept', async () => {
    const [name] = await seed(kit, EMAIL, [
      { names: [{ givenName: 'Grace' }], emailAddresses: [{ value: 'g@example.com' }] },
    ]);
    const before = (await listed()).body.contacts[0]!;
    const edited = await kit.control<PersonJson>('PATCH', contactsPath(EMAIL, `/${name!.slice(7)}`), {
      phoneNumbers: [{ value: '+1 202 555 0143', type: 'pager' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.etag).not.toBe(before.etag);
    expect(edited.body.emailAddresses![0]!.value).toBe('g@example.com');
    expect(edited.body.phoneNumbers![0]).toMatchObject({ type: 'pager', formattedType: 'Pager' });
    const missing = await kit.control('PATCH', contactsPath(EMAIL, '/c1'), { names: [] });
    expect(missing.status).toBe(404);
  });

  it('deletes a contact, accepting the id with or without people/', async () => {
    const [first, second] = await seed(kit, EMAIL, [
      { names: [{ givenName: 'A' }] },
      { names: [{ givenName: 'B' }] },
    ]);
    expect((await kit.control('DELETE', contactsPath(EMAIL, `/${first!.slice(7)}`))).status).toBe(204);
    expect((await kit.control('DELETE', contactsPath(EMAIL, `/${encodeURIComponent(second!)}`))).status).toBe(
      204,
    );
    expect((await listed()).body.contacts).toEqual([]);
  });

  it('generates realistic contacts with typed phones and birthdays', async () => {
    const generated = await kit.control<{ ids: string[] }>(
      'POST',
      `/accounts/${encodeURIComponent(EMAIL)}/generate`,
      {
        count: 50,
        seed: 7,
      },
    );
    expect(generated.body.ids).toHaveLength(50);
    const { contacts } = (await listed()).body;
    expect(contacts.every((c) => c.names?.[0]?.givenName)).toBe(true);
    expect(contacts.some((c) => c.phoneNumbers?.some((p) => p.formattedType))).toBe(true);
    expect(contacts.some((c) => c.birthdays?.[0]?.date.month)).toBe(true);
  });

  it('logs API requests with counters by endpoint and status', async () => {
    const minted = await kit.control<{ access_token: string }>(
      'POST',
      `/accounts/${encodeURIComponent(EMAIL)}/tokens`,
      {},
    );
    await kit.api(minted.body.access_token, 'GET', '/v1/people/me/connections?personFields=names');
    await kit.api(minted.body.access_token, 'GET', '/v1/people/me/connections');
    const log = await kit.control<{
      requests: { account?: string; status: number }[];
      counters: Record<string, number>;
    }>('GET', '/requests');
    expect(log.body.requests.map((r) => r.status)).toEqual([200, 400]);
    expect(log.body.requests[0]!.account).toBe(EMAIL);
    expect(log.body.counters).toEqual({
      'GET /v1/people/me/connections 200': 1,
      'GET /v1/people/me/connections 400': 1,
    });
  });

  it('validates settings, refusing unknown keys and bad values with 400', async () => {
    expect((await kit.control('PUT', '/settings', { propagationDelayMs: -1 })).status).toBe(400);
    expect((await kit.control('PUT', '/settings', { quotas: { readsPerHour: 1 } })).status).toBe(400);
    expect((await kit.control('PUT', '/settings', { nonsense: true })).status).toBe(400);
    const changed = await kit.control<Record<string, unknown>>('PUT', '/settings', {
      syncTokenTtlSeconds: 60,
    });
    expect(changed.body).toMatchObject({ syncTokenTtlSeconds: 60, maxContactsPerAccount: 25_000 });
  });

  it('reset forgets accounts, contacts and settings', async () => {
    await seed(kit, EMAIL, [{ names: [{ givenName: 'A' }] }]);
    await kit.control('PUT', '/settings', { propagationDelayMs: 5 });
    await kit.control('POST', '/reset');
    expect((await kit.control<{ accounts: string[] }>('GET', '/accounts')).body.accounts).toEqual([]);
    expect((await kit.control<Record<string, unknown>>('GET', '/settings')).body.propagationDelayMs).toBe(0);
  });

  it('renames a contact, after which a full list shows the new resource name', async () => {
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'A' }] }]);
    const renamed = await kit.control<{ resourceName: string; previousResourceName: string }>(
      'POST',
      contactsPath(EMAIL, `/${name!.slice(7)}/rename`),
    );
    expect(renamed.body.previousResourceName).toBe(name);
    const minted = await kit.control<{ access_token: string }>(
      'POST',
      `/accounts/${encodeURIComponent(EMAIL)}/tokens`,
      {},
    );
    const page = await kit.api<ConnectionsPage>(
      minted.body.access_token,
      'GET',
      '/v1/people/me/connections?personFields=names',
    );
    expect(page.body.connections!.map((p) => p.resourceName)).toEqual([renamed.body.resourceName]);
  });
});
