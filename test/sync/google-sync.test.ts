import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SyncKit, startSyncKit } from './google-sync-kit.ts';

let kit: SyncKit;

beforeEach(async () => {
  kit = await startSyncKit();
});
afterEach(async () => {
  await kit.close();
});

async function crmContacts(query = '') {
  return (await kit.api('GET', `/api/contacts?limit=200${query}`)).body.items as any[];
}

describe('connecting to Google', () => {
  it('connects, imports every remote contact as type google / status future, and runs', async () => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, { count: 120, seed: 3 });
    await kit.connect();
    const status = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'running' ? s : undefined;
    });
    expect(status).toMatchObject({
      provider: 'google',
      accountEmail: kit.email,
      syncedCount: 120,
      skippedOverLimit: 0,
    });
    expect(status.lastSyncAt).not.toBeNull();
    const items = await crmContacts();
    expect(items).toHaveLength(120);
    expect(
      items.every((c) => c.type === 'google' && c.status === 'future' && c.sync.state === 'linked'),
    ).toBe(true);
  });
});

async function connected(seed: unknown[] = []) {
  if (seed.length > 0)
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/contacts`, { contacts: seed });
  await kit.connect();
  return kit.waitFor(async () => {
    const s = await kit.status();
    return s.status === 'running' ? s : undefined;
  });
}

async function remoteContacts(): Promise<any[]> {
  return (await kit.control('GET', `/accounts/${encodeURIComponent(kit.email)}/contacts`)).contacts;
}

const person = (given: string, family: string, extra: Record<string, unknown> = {}) => ({
  names: [{ givenName: given, familyName: family }],
  emailAddresses: [{ value: `${given.toLowerCase()}.${family.toLowerCase()}@example.com`, type: 'home' }],
  ...extra,
});

describe('changes flow both ways', () => {
  it('a CRM edit reaches Google and leaves what the sync does not manage untouched', async () => {
    await connected([
      person('Ada', 'Lovelace', {
        names: [{ givenName: 'Ada', middleName: 'King', familyName: 'Lovelace' }],
        biographies: [{ value: 'Countess of Lovelace', contentType: 'TEXT_PLAIN' }],
        addresses: [{ type: 'work', streetAddress: '1 Analytical Way', city: 'London' }],
        phoneNumbers: [{ value: '+44 20 7946 0000', type: 'mobile' }],
      }),
    ]);
    const [ada] = await crmContacts();
    const patched = await kit.api('PATCH', `/api/contacts/${ada.id}`, {
      jobTitle: 'Programmer',
      phones: [{ number: '+44 20 7946 0958', label: 'mobile' }],
    });
    expect(patched.status).toBe(200);
    const remote = await kit.waitFor(async () => {
      const [r] = await remoteContacts();
      return r.organizations?.[0]?.title === 'Programmer' ? r : undefined;
    });
    expect(remote.phoneNumbers.map((p: any) => p.value)).toEqual(['+44 20 7946 0958']);
    expect(remote.biographies[0].value).toBe('Countess of Lovelace');
    expect(remote.addresses).toEqual([
      expect.objectContaining({ type: 'work', streetAddress: '1 Analytical Way' }),
    ]);
    expect(remote.names[0].middleName).toBe('King');
  });

  it('a CRM edit pushes only the fields it changed', async () => {
    await connected([
      person('Rosalind', 'Franklin', {
        phoneNumbers: [{ value: '+44 20 7946 0001', type: 'work' }],
        birthdays: [{ date: { year: 1920, month: 7, day: 25 } }],
        addresses: [
          { type: 'home', streetAddress: '1 King St', city: 'London', postalCode: 'W1', country: 'UK' },
        ],
      }),
    ]);
    const [rosalind] = await crmContacts();
    await kit.api('PATCH', `/api/contacts/${rosalind.id}`, { jobTitle: 'Chemist' });
    await kit.waitFor(async () => (await remoteContacts())[0].organizations?.[0]?.title === 'Chemist');
    const history = (await kit.api('GET', `/api/contacts/${rosalind.id}/history`)).body.items;
    const pushed = history.filter((h: any) => h.action === 'pushed-crm').map((h: any) => h.field);
    expect(pushed).toEqual(['jobTitle']);
  });

  it('a Google edit reaches the CRM', async () => {
    await connected([person('Grace', 'Hopper')]);
    const [remote] = await remoteContacts();
    const id = remote.resourceName.replace('people/', '');
    await kit.control('PATCH', `/accounts/${encodeURIComponent(kit.email)}/contacts/${id}`, {
      organizations: [{ name: 'US Navy', title: 'Rear Admiral' }],
    });
    await kit.syncNow();
    const [grace] = await crmContacts();
    expect(grace).toMatchObject({ company: 'US Navy', jobTitle: 'Rear Admiral' });
  });

  it('a same-field conflict goes to the most recent change, and the losing value can be restored', async () => {
    await connected([person('Alan', 'Turing', { organizations: [{ title: 'Mathematician' }] })]);
    await kit.api('POST', '/api/sync/connection/pause');
    const [alan] = await crmContacts();
    await kit.api('PATCH', `/api/contacts/${alan.id}`, { jobTitle: 'Cryptanalyst' });
    await new Promise((r) => setTimeout(r, 20)); // the remote edit must be the later one
    const [remote] = await remoteContacts();
    await kit.control(
      'PATCH',
      `/accounts/${encodeURIComponent(kit.email)}/contacts/${remote.resourceName.slice(7)}`,
      {
        organizations: [{ title: 'Computer Scientist' }],
      },
    );
    await kit.api('POST', '/api/sync/connection/resume');
    await kit.waitFor(async () => (await crmContacts())[0].jobTitle === 'Computer Scientist');

    const history = (await kit.api('GET', `/api/contacts/${alan.id}/history`)).body.items;
    const lost = history.find((h: any) => h.action === 'conflict-lost' && h.field === 'jobTitle');
    expect(lost).toMatchObject({
      oldValue: 'Cryptanalyst',
      newValue: 'Computer Scientist',
      restorable: true,
    });

    const restored = await kit.api('POST', `/api/contacts/${alan.id}/history/${lost.id}/restore`);
    expect(restored.body.jobTitle).toBe('Cryptanalyst');
    expect(restored.body.sync).toMatchObject({ state: 'linked', provider: 'google' });
    await kit.waitFor(async () => (await remoteContacts())[0].organizations?.[0]?.title === 'Cryptanalyst');
  });
});

describe('deleting', () => {
  it('a CRM delete leaves the remote copy, and a later remote edit brings it back', async () => {
    await connected([person('Marie', 'Curie'), person('Pierre', 'Curie')]);
    const marie = (await crmContacts()).find((c) => c.firstName === 'Marie');
    expect((await kit.api('DELETE', `/api/contacts/${marie.id}`)).status).toBe(204);
    await kit.syncNow();
    expect(await remoteContacts()).toHaveLength(2);
    expect((await crmContacts()).map((c) => c.firstName)).toEqual(['Pierre']);

    const remote = (await remoteContacts()).find((r) => r.names[0].givenName === 'Marie');
    await kit.control(
      'PATCH',
      `/accounts/${encodeURIComponent(kit.email)}/contacts/${remote.resourceName.slice(7)}`,
      {
        organizations: [{ name: 'Sorbonne' }],
      },
    );
    await kit.syncNow();
    const back = (await crmContacts()).find((c) => c.firstName === 'Marie');
    expect(back).toMatchObject({ company: 'Sorbonne', sync: { state: 'linked' } });
  });

  it('a remote delete unlinks and keeps the CRM contact with its data', async () => {
    await connected([person('Emmy', 'Noether')]);
    const [remote] = await remoteContacts();
    await kit.control(
      'DELETE',
      `/accounts/${encodeURIComponent(kit.email)}/contacts/${remote.resourceName.slice(7)}`,
    );
    await kit.syncNow();
    const [emmy] = await crmContacts();
    expect(emmy).toMatchObject({ firstName: 'Emmy', sync: { state: 'not-synced' } });
    expect((await kit.status()).syncedCount).toBe(0);
  });
});

describe('duplicates and Add to Sync', () => {
  it('links a remote contact to the same person already in the CRM instead of creating a second one', async () => {
    const manual = await kit.api('POST', '/api/contacts', {
      firstName: 'ADA',
      lastName: 'lovelace',
      emails: [{ address: 'Ada.Lovelace@example.com' }],
      notes: 'met at the salon',
    });
    await connected([
      person('Ada', 'Lovelace', { phoneNumbers: [{ value: '+44 20 7946 0958', type: 'mobile' }] }),
    ]);
    const items = await crmContacts();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: manual.body.id,
      type: 'manual',
      notes: 'met at the salon',
      sync: { state: 'linked' },
    });
    expect(items[0].phones).toEqual([{ number: '+44 20 7946 0958', label: 'mobile' }]);
  });

  it('adds 50 CRM contacts to the sync, answering per contact, and creates them in Google once', async () => {
    await connected();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await kit.api('POST', '/api/contacts', {
        firstName: `Lead${i}`,
        lastName: 'Person',
        emails: [{ address: `lead${i}@example.com` }],
      });
      ids.push(created.body.id);
    }
    const answer = await kit.api('POST', '/api/contacts/sync', { contactIds: ids });
    expect(answer.body.results.every((r: any) => r.outcome === 'added')).toBe(true);
    const again = await kit.api('POST', '/api/contacts/sync', { contactIds: ids.slice(0, 2) });
    expect(again.body.results.map((r: any) => r.outcome)).toEqual(['already-synced', 'already-synced']);
    await kit.waitFor(async () => (await kit.status()).syncedCount === 50);
    expect(await crmContacts('&sync=linked')).toHaveLength(50);
    expect(await crmContacts('&sync=not-synced')).toHaveLength(0);
    const remote = await remoteContacts();
    expect(remote).toHaveLength(50);
    expect(new Set(remote.map((r) => r.clientData?.[0]?.value))).toEqual(new Set(ids));
    const tooMany = await kit.api('POST', '/api/contacts/sync', { contactIds: [...ids, 'x'] });
    expect(tooMany.status).toBe(400);
  });
});

describe('when the provider misbehaves', () => {
  it('an expired sync token leads to a full re-list: no duplicate, no wrong unlink', async () => {
    await connected([person('Ada', 'Lovelace'), person('Grace', 'Hopper')]);
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/expire-cursors`);
    const [remote] = await remoteContacts();
    await kit.control(
      'PATCH',
      `/accounts/${encodeURIComponent(kit.email)}/contacts/${remote.resourceName.slice(7)}`,
      {
        organizations: [{ name: 'Relisted' }],
      },
    );
    const status = await kit.syncNow();
    expect(status).toMatchObject({ status: 'running', syncedCount: 2 });
    const items = await crmContacts();
    expect(items).toHaveLength(2);
    expect(items.some((c) => c.company === 'Relisted')).toBe(true);
  });

  it('a revoked grant needs reauthorization, deletes nothing, and reauthorizing resumes', async () => {
    await connected([person('Ada', 'Lovelace')]);
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/revoke`);
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/expire-access-tokens`);
    await kit.api('POST', '/api/sync/connection/run');
    const stuck = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'needs-reauthorization' ? s : undefined;
    });
    expect(stuck.syncedCount).toBe(1);
    expect(await crmContacts()).toHaveLength(1);

    await kit.connect('reauthorized');
    const resumed = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'running' && s.lastSyncAt !== stuck.lastSyncAt ? s : undefined;
    });
    expect(resumed.syncedCount).toBe(1);
  });

  it('a storm of 429s and 503s ends in the same state as a clean run', async () => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, {
      count: 2500,
      seed: 11,
    });
    await kit.control('PUT', '/settings', { errorRate: 0.25, throttleRate: 0.25, seed: 3 });
    await kit.connect();
    const status = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'running' ? s : undefined;
    }, 60_000);
    expect(status.syncedCount).toBe(2500);
    const log = await kit.control('GET', '/requests');
    const faults = new Set(log.requests.map((r: any) => r.fault).filter(Boolean));
    expect(faults).toEqual(new Set(['error', 'throttled']));
    const [contacts] = await kit.t.database.pool
      .query('select count(*)::int as n from contacts')
      .then((r) => r.rows as { n: number }[]);
    expect(contacts!.n).toBe(2500);
  });
});

describe('the mass-unlink guard', () => {
  async function deleteRemote(count: number) {
    const remote = await remoteContacts();
    for (const r of remote.slice(0, count)) {
      await kit.control(
        'DELETE',
        `/accounts/${encodeURIComponent(kit.email)}/contacts/${r.resourceName.slice(7)}`,
      );
    }
  }

  it.each([
    ['reported as deletions', false],
    ['missing from a full re-list after the cursor expired', true],
  ])('pauses a run that would unlink most contacts (%s) until the user confirms', async (_, expireCursor) => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, {
      count: 100,
      seed: 21,
    });
    await connected();
    if (expireCursor) await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/expire-cursors`);
    await deleteRemote(60);
    await kit.api('POST', '/api/sync/connection/run');
    const paused = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'paused' ? s : undefined;
    });
    expect(paused).toMatchObject({ pausedReason: 'confirm-unlinks', syncedCount: 100 });

    await kit.api('POST', '/api/sync/connection/confirm-unlinks');
    const after = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'running' && s.syncedCount === 40 ? s : undefined;
    });
    expect(after.pausedReason).toBeNull();
    expect(await crmContacts()).toHaveLength(100);
  });
});
