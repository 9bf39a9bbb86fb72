import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { SyncRuntime } from '../../src/sync/sync-runtime.ts';
import { createApiToken, createUser } from '../../src/users/users.ts';
import { createTestDatabase, quietLog } from './database.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface TestApp {
  app: FastifyInstance;
  sync: SyncRuntime | undefined;
  database: Database;
  config: Config;
  createUser(email?: string): Promise<TestUser>;
  /** Logs in through the API; returns the cookie header and the CSRF token a browser would hold. */
  login(user: TestUser): Promise<{ cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApp(
  env: Record<string, string> = {},
  options: { sync?: boolean; webDir?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  const sync = options.sync
    ? await SyncRuntime.start({ config, database, log: quietLog, work: true })
    : undefined;
  const app = await buildApp({
    config,
    database,
    log: quietLog,
    ...(sync ? { sync } : {}),
    ...(options.webDir ? { webDir: options.webDir } : {}),
  });
  await app.ready();
  return {
    app,
    sync,
    database,
    config,
    async createUser(email = `user${++counter}-${Date.now()}@example.com`) {
      const password = `correct horse battery ${counter++}`;
      const user = await createUser(database.db, { email, password });
      const { token } = await createApiToken(database.db, user.id, 'test');
      return { ...user, password, token };
    },
    async login(user) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
    },
    async close() {
      await app.close();
      await sync?.stop();
      await database.drop();
    },
  };
}

export function bearer(user: TestUser): Record<string, string> {
  return { authorization: `Bearer ${user.token}` };
}

export function errorOf(response: LightMyRequestResponse) {
  return response.json<{
    error: { code: string; message: string; details: { path: string; code: string }[] };
  }>().error;
}
