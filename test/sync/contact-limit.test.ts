import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncKit, startSyncKit } from './google-sync-kit.ts';

let kit: SyncKit;

beforeAll(async () => {
  kit = await startSyncKit();
});
afterAll(async () => {
  await kit.close();
});

describe('the 20,000 synced-contact limit', () => {
  it('syncs the first 20,000 of 20,050 remote contacts, reports the 50 left out, and refuses Add to Sync past it', async () => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, {
      count: 20_050,
      seed: 9,
    });
    await kit.connect();
    const status = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'running' ? s : undefined;
    }, 120_000);
    expect(status).toMatchObject({ syncedCount: 20_000, skippedOverLimit: 50 });
    const counted = await kit.t.database.pool.query<{ n: number }>(
      "select count(*)::int as n from contacts where type = 'google'",
    );
    expect(counted.rows[0]!.n).toBe(20_000);

    const manual = await kit.api('POST', '/api/contacts', {
      firstName: 'One',
      lastName: 'Toomany',
      emails: [{ address: 'one.toomany@example.com' }],
    });
    const answer = await kit.api('POST', '/api/contacts/sync', { contactIds: [manual.body.id] });
    expect(answer.body.results).toEqual([
      expect.objectContaining({ contactId: manual.body.id, outcome: 'over-limit' }),
    ]);

    // "Left out" counts contacts, not sightings: one left out edited again is still one, and one
    // deleted in Google is no longer left out.
    const linked = await kit.t.database.pool.query<{ remote_id: string }>('select remote_id from sync_links');
    const linkedIds = new Set(linked.rows.map((row) => row.remote_id));
    const { contacts } = await kit.control('GET', `/accounts/${encodeURIComponent(kit.email)}/contacts`);
    const leftOut = (contacts as { resourceName: string }[])
      .map((c) => c.resourceName)
      .filter((name) => !linkedIds.has(name));
    expect(leftOut).toHaveLength(50);
    const [edited, deleted] = leftOut.map(
      (name) => `/accounts/${encodeURIComponent(kit.email)}/contacts/${name.slice(7)}`,
    );
    await kit.control('PATCH', edited!, { organizations: [{ name: 'Still Left Out Ltd' }] });
    await kit.control('DELETE', deleted!);
    const after = await kit.syncNow();
    expect(after).toMatchObject({ syncedCount: 20_000, skippedOverLimit: 49 });
  }, 180_000);
});
