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
