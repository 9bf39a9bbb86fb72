import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { importContacts } from './contacts/importer.ts';
import type { Database } from './db/database.ts';
import { createLogger } from './logger.ts';
import { openMigratedDatabase } from './runtime.ts';
import { buildApp } from './server/app.ts';
import { AppError } from './server/errors.ts';
import { countUsers, createApiToken, createUser, findUserByEmail } from './users/users.ts';

const DEMO_EMAIL = 'demo@contact-sync.local';

/** Runs `work` with a migrated database and always closes it (stopping an embedded one we started). */
async function withDatabase<T>(
  config: Config,
  log: Logger,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openMigratedDatabase(config, log);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function serve(config: Config): Promise<void> {
  const log = createLogger(config);
  const database = await openMigratedDatabase(config, log);
  await createDemoUserOnFirstStart(database, log);
  const app = await buildApp({ config, database, log });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
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

function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

async function importFile(config: Config, file: string, email: string, duplicates: 'flag' | 'skip') {
  const log = createLogger(config, 'stderr');
  const size = (await stat(file)).size;
  if (size > config.importMaxBytes)
    throw new AppError('payload_too_large', `${file} is larger than ${config.importMaxBytes} bytes.`);
  const bytes = await readFile(file);
  await withDatabase(config, log, async (database) => {
    const user = await findUserByEmail(database.db, email);
    if (!user) throw new AppError('not_found', `No user with the email ${email}.`);
    const report = await importContacts(database.db, user.id, bytes, {
      fileName: basename(file),
      duplicates,
      region: config.defaultPhoneRegion,
      onProgress: progressBar('Importing'),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    const c = report.counts;
    process.stderr.write(
      `${c.rows} rows: ${c.created} created, ${c.flaggedDuplicate} created but likely duplicates, ${c.skipped} skipped` +
        (c.unmatchable ? ` (${c.unmatchable} could not be checked for duplicates)` : '') +
        '\n',
    );
  });
}

function duplicatePolicy(value: string): 'flag' | 'skip' {
  if (value !== 'flag' && value !== 'skip') throw new InvalidArgumentError('Use "flag" or "skip".');
  return value;
}

function buildCli(config: () => Config): Command {
  const program = new Command('contact-sync').description(
    'Contact Sync: a CRM contact hub with two-way sync',
  );

  program
    .command('serve', { isDefault: true })
    .description('Run the HTTP API (and later the web UI and sync workers) in one process')
    .action(() => serve(config()));

  program
    .command('migrate')
    .description('Bring the database schema up to date')
    .action(async () => {
      const c = config();
      await withDatabase(c, createLogger(c, 'stderr'), async () => {
        process.stderr.write('Database schema is up to date.\n');
      });
    });

  const users = program.command('users').description('Manage users');
  users
    .command('create')
    .description('Create a user and print {"id","email","token"} with a personal API token')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .action(async (options: { email: string; password: string }) => {
      const c = config();
      await withDatabase(c, createLogger(c, 'stderr'), async ({ db }) => {
        const user = await createUser(db, options);
        const { token } = await createApiToken(db, user.id, 'created with the CLI');
        process.stdout.write(`${JSON.stringify({ id: user.id, email: user.email, token })}\n`);
      });
    });

  program
    .command('import')
    .description('Import a CSV (Google, Outlook or plain layout) or vCard file; prints the report as JSON')
    .argument('<file>', 'path to the file')
    .requiredOption('--user <email>', 'the user who will own the contacts')
    .option(
      '--duplicates <policy>',
      'flag (create and report) or skip likely duplicates',
      duplicatePolicy,
      'flag',
    )
    .action((file: string, options: { user: string; duplicates: 'flag' | 'skip' }) =>
      importFile(config(), file, options.user, options.duplicates),
    );

  program
    .command('emulate')
    .description('Run the Google and Microsoft emulators (API, OAuth and /_control/) as standalone servers')
    .option('--google-port <port>', 'port of the Google emulator (0: any free port)', portNumber, 0)
    .option('--microsoft-port <port>', 'port of the Microsoft emulator (0: any free port)', portNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action((options: { googlePort: number; microsoftPort: number; host: string }) => emulate(options));

  return program;
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('A port is 0 to 65535.');
  return port;
}

async function emulate(options: { googlePort: number; microsoftPort: number; host: string }): Promise<void> {
  // Loaded here only: other commands need not pay for the emulators' start-up.
  const { startGoogleEmulator } = await import('./emulators/google/index.ts');
  const { startMicrosoftEmulator } = await import('./emulators/microsoft/index.ts');
  const [google, microsoft] = await Promise.all([
    startGoogleEmulator({ port: options.googlePort, host: options.host }),
    startMicrosoftEmulator({ port: options.microsoftPort, host: options.host }),
  ]);
  process.stdout.write(`google ${google.url}\nmicrosoft ${microsoft.url}\n`);
  const stop = async () => {
    await Promise.all([google.close(), microsoft.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function reportFailure(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    const details = error.details.map((d) => `\n  ${d.path}: ${d.message} (${d.code})`).join('');
    process.stderr.write(`Error (${error.code}): ${error.message}${details}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

await buildCli(() => loadConfig())
  .parseAsync(process.argv)
  .catch(reportFailure);
