import { expect } from 'vitest';
import { startGoogleEmulator } from '../../src/emulators/google/index.ts';
import { startTestApp, type TestApp, type TestUser } from '../support/app.ts';

export interface SyncKit {
  t: TestApp;
  google: Awaited<ReturnType<typeof startGoogleEmulator>>;
  user: TestUser;
  session: { cookie: string; csrfToken: string };
  email: string;
  /** A request as the logged-in browser makes it. */
  api(method: string, url: string, payload?: object): Promise<{ status: number; body: any }>;
  control(method: string, path: string, body?: unknown): Promise<any>;
  connect(expected?: 'connected' | 'reauthorized'): Promise<void>;
  waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  status(): Promise<any>;
  /** Waits until a run enqueued now has finished (the connection's last sync time moved). */
  syncNow(): Promise<any>;
  close(): Promise<void>;
}

/** A Contact Sync app with its workers, a Google emulator, a logged-in user and an account there. */
export async function startSyncKit(env: Record<string, string> = {}): Promise<SyncKit> {
  const google = await startGoogleEmulator();
  const t = await startTestApp(
    {
      GOOGLE_CLIENT_ID: 'test-client',
      GOOGLE_CLIENT_SECRET: 'test-secret',
      GOOGLE_ISSUER_URL: google.url,
      GOOGLE_PEOPLE_API_URL: google.url,
      SYNC_DEBOUNCE_SECONDS: '0',
      ...env,
    },
    { sync: true },
  );
  const user = await t.createUser();
  const session = await t.login(user);
  const email = `owner-${Date.now()}@example.com`;

  const kit: SyncKit = {
    t,
    google,
    user,
    session,
    email,
    async api(method, url, payload) {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        ...(payload ? { payload } : {}),
      });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
    },
    async control(method, path, body) {
      const response = await fetch(`${google.url}/_control${path}`, {
        method,
        ...(body !== undefined
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
          : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async connect(expected = 'connected') {
      await kit.control('PUT', '/settings', { autoConsent: true });
      const started = await kit.api('POST', '/api/sync/connection', { provider: 'google', email });
      expect(started.status).toBe(200);
      const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
      const back = new URL(consent.headers.get('location')!);
      const callback = await t.app.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: { cookie: session.cookie },
      });
      if (callback.statusCode !== 303) throw new Error(`callback: ${callback.statusCode} ${callback.body}`);
      expect(callback.headers.location).toBe(`/settings/sync?result=${expected}`);
    },
    async waitFor(probe, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async status() {
      return (await kit.api('GET', '/api/sync/connection')).body;
    },
    async syncNow() {
      const before = (await kit.status()).lastSyncAt;
      await kit.api('POST', '/api/sync/connection/run');
      return kit.waitFor(async () => {
        const s = await kit.status();
        return s.lastSyncAt !== before && s.lastSyncAt !== null ? s : undefined;
      });
    },
    async close() {
      await t.close();
      await google.close();
    },
  };
  await kit.control('POST', '/accounts', { email });
  return kit;
}
