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
  }, 180_000);
});
