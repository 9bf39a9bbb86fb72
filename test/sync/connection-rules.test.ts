import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLegacyIntegration } from '../../src/sync/legacy-integrations.ts';
import { bearer } from '../support/app.ts';
import { type SyncKit, startSyncKit } from './google-sync-kit.ts';

let kit: SyncKit;

beforeEach(async () => {
  kit = await startSyncKit();
});
afterEach(async () => {
  await kit.close();
});

const running = () =>
  kit.waitFor(async () => {
    const s = await kit.status();
    return s.status === 'running' ? s : undefined;
  });

describe('connecting', () => {
  it('is done from a browser session, not with an API token', async () => {
    const response = await kit.t.app.inject({
      method: 'POST',
      url: '/api/sync/connection',
      headers: bearer(kit.user),
      payload: { provider: 'google', email: kit.email },
    });
    expect(response.statusCode).toBe(403);
  });

  it('allows one source at a time: a second connection is refused with its own code', async () => {
    await kit.connect();
    await running();
    const second = await kit.api('POST', '/api/sync/connection', {
      provider: 'microsoft',
      email: 'other@example.com',
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('sync_connection_exists');
  });

  it('answers the whole tab in one call: no connection yet, the older integrations, the providers', async () => {
    const id = await addLegacyIntegration(kit.t.database.db, kit.user.id, 'contacts', 'Old contact sync');
    const before = await kit.api('GET', '/api/sync');
    expect(before.status).toBe(200);
    expect(before.body.connection).toBeNull();
    expect(before.body.legacyIntegrations).toEqual([expect.objectContaining({ id, kind: 'contacts' })]);
    expect(before.body.providers).toEqual([
      expect.objectContaining({ provider: 'google', available: true }),
      { provider: 'microsoft', available: false, demo: false, reason: 'not-supported-yet' },
    ]);
    expect((await kit.api('DELETE', `/api/integrations/legacy/${id}`)).status).toBe(204);
    await kit.connect();
    const after = await kit.api('GET', '/api/sync');
    expect(after.body.connection).toMatchObject({ provider: 'google', accountEmail: kit.email });
    expect(after.body.legacyIntegrations).toEqual([]);
  });

  it('refuses a provider this server cannot sync with, naming it', async () => {
    const refused = await kit.api('POST', '/api/sync/connection', {
      provider: 'microsoft',
      email: 'someone@example.com',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('sync_provider_unavailable');
    expect(refused.body.error.message).toMatch(/Microsoft/);
  });

  it('refuses while a legacy integration exists, and allows it right after its removal', async () => {
    const id = await addLegacyIntegration(kit.t.database.db, kit.user.id, 'calendar', 'Old calendar sync');
    const refused = await kit.api('POST', '/api/sync/connection', { provider: 'google', email: kit.email });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('sync_legacy_integration');
    const listed = await kit.api('GET', '/api/integrations/legacy');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, kind: 'calendar', name: 'Old calendar sync' }),
    ]);
    expect((await kit.api('DELETE', `/api/integrations/legacy/${id}`)).status).toBe(204);
    await kit.connect();
    await running();
  });

  it('refuses an account other than the email entered, and stores nothing', async () => {
    await kit.control('PUT', '/settings', { autoConsent: true });
    const started = await kit.api('POST', '/api/sync/connection', { provider: 'google', email: kit.email });
    // The person signs in as someone else on the consent page.
    const url = new URL(started.body.authorizeUrl);
    url.searchParams.set('login_hint', 'someone.else@example.com');
    const consent = await fetch(url, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    const callback = await kit.t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: kit.session.cookie },
    });
    expect(callback.headers.location).toBe('/settings/sync?result=account-mismatch');
    expect((await kit.api('GET', '/api/sync/connection')).status).toBe(404);
  });

  it('completes the authorization only for the browser session that started it', async () => {
    await kit.control('PUT', '/settings', { autoConsent: true });
    const started = await kit.api('POST', '/api/sync/connection', { provider: 'google', email: kit.email });
    const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    const otherSession = await kit.t.login(kit.user);
    const callback = await kit.t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: otherSession.cookie },
    });
    expect(callback.statusCode).toBe(400);
    expect(JSON.parse(callback.body).error.code).toBe('oauth_state_invalid');
  });

  it('shows Initializing with moving progress, then Running', async () => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, {
      count: 3000,
      seed: 2,
    });
    await kit.control('PUT', '/settings', { latencyMs: 150 });
    await kit.connect();
    const during = await kit.waitFor(async () => {
      const s = await kit.status();
      return s.status === 'initializing' && s.progress.done > 0 ? s : undefined;
    });
    expect(during.progress.done).toBeLessThan(3000);
    expect(during.progress.total).toBe(3000);
    const done = await running();
    expect(done).toMatchObject({ progress: { done: 3000, total: 3000 }, syncedCount: 3000 });
  });

  it('Sync now while the provider asked us to wait is refused, saying until when', async () => {
    await kit.connect();
    await running();
    const until = new Date(Date.now() + 10 * 60_000);
    await kit.t.database.pool.query(
      "update sync_connections set status = 'throttled', throttled_until = $1, next_sync_at = $1",
      [until],
    );
    const refused = await kit.api('POST', '/api/sync/connection/run');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'sync_invalid_state' });
    expect(refused.body.error.message).toContain(until.toISOString());
  });

  it('disconnecting keeps every contact and forgets the connection', async () => {
    await kit.control('POST', `/accounts/${encodeURIComponent(kit.email)}/generate`, { count: 20, seed: 4 });
    await kit.connect();
    await running();
    expect((await kit.api('DELETE', '/api/sync/connection')).status).toBe(204);
    expect((await kit.api('GET', '/api/sync/connection')).status).toBe(404);
    const contacts = (await kit.api('GET', '/api/contacts?limit=200')).body.items;
    expect(contacts).toHaveLength(20);
    expect(contacts.every((c: any) => c.sync.state === 'not-synced')).toBe(true);
  });
});

describe('the sweeper', () => {
  it('marks a run whose worker died long ago as abandoned, and leaves recent ones alone', async () => {
    await kit.connect();
    await running();
    const pool = kit.t.database.pool;
    const { rows } = await pool.query<{ id: string; owner_id: string; connection_id: string }>(
      'select id, owner_id, connection_id from sync_runs limit 1',
    );
    const run = rows[0]!;
    await pool.query(
      "insert into sync_runs (owner_id, id, connection_id, started_at) values ($1, gen_random_uuid(), $2, now() - interval '2 hours'), ($1, gen_random_uuid(), $2, now())",
      [run.owner_id, run.connection_id],
    );
    expect(await kit.t.sync!.sweepAbandonedRuns()).toBe(1);
    const open = await pool.query('select count(*)::int as n from sync_runs where finished_at is null');
    expect(open.rows[0].n).toBe(1);
  });
});
