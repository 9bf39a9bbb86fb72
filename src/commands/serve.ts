import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { handleStopSignalsOurselves } from '../db/embedded.ts';
import { startGoogleEmulator } from '../emulators/google/index.ts';
import { createLogger } from '../logger.ts';
import { openMigratedDatabase } from '../runtime.ts';
import { buildApp } from '../server/app.ts';
import { SyncRuntime } from '../sync/sync-runtime.ts';
import { countUsers, createUser } from '../users/users.ts';

const DEMO_EMAIL = 'demo@contact-sync.local';

export async function serve(config: Config): Promise<void> {
  const log = createLogger(config);
  const database = await openMigratedDatabase(config, log);
  await createDemoUserOnFirstStart(database, log);
  const demo = config.google ? undefined : await startGoogleEmulator({ host: '127.0.0.1' });
  if (demo) log.info({ url: demo.url }, 'no Google credentials: "Demo Google" uses the built-in emulator');
  const sync = await SyncRuntime.start({
    config,
    database,
    log,
    work: true,
    ...(demo ? { demoGoogleUrl: demo.url } : {}),
  });
  const app = await buildApp({ config, database, log, sync });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await sync.stop();
    await demo?.close();
    await database.close();
    process.exit(0);
  };
  handleStopSignalsOurselves();
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  log.info({ address }, 'Contact Sync is listening');
  process.stdout.write(`Contact Sync is running at ${address} (API docs: ${address}/api/docs)\n`);
}

async function createDemoUserOnFirstStart(database: Database, log: Logger): Promise<void> {
  if ((await countUsers(database.db)) > 0) return;
  const password = randomBytes(9).toString('base64url');
  await createUser(database.db, { email: DEMO_EMAIL, password });
  log.info({ email: DEMO_EMAIL }, 'created the demo user');
  process.stdout.write(
    `\nNo users yet, so a demo user was created. Its password is shown only this once:\n` +
      `  email:    ${DEMO_EMAIL}\n  password: ${password}\n` +
      `Create your own with: npx contact-sync users create --email you@example.com --password '…'\n\n`,
  );
}
