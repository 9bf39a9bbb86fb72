import { Command, InvalidArgumentError } from 'commander';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { AppError } from './server/errors.ts';

// Each command loads its own modules when it runs, so `emulate` does not carry the server and a
// one-off `users create` does not carry the emulators.

function duplicatePolicy(value: string): 'flag' | 'skip' {
  if (value !== 'flag' && value !== 'skip') throw new InvalidArgumentError('Use "flag" or "skip".');
  return value;
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('A port is 0 to 65535.');
  return port;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('A whole number of at least 1.');
  return n;
}

function legacyKind(value: string): 'contacts' | 'calendar' {
  if (value !== 'contacts' && value !== 'calendar')
    throw new InvalidArgumentError('Use "contacts" or "calendar".');
  return value;
}

function nonEmpty(value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new InvalidArgumentError('It must not be empty.');
  return trimmed;
}

function buildCli(config: () => Config): Command {
  const program = new Command('contact-sync').description(
    'Contact Sync: a CRM contact hub with two-way sync',
  );

  program
    .command('serve', { isDefault: true })
    .description(
      'Run the HTTP API and the sync workers in one process (demo providers when none is configured)',
    )
    .action(async () => (await import('./commands/serve.ts')).serve(config()));

  program
    .command('worker')
    .description('Run sync workers only (scale out: start several, on any machines, on one DATABASE_URL)')
    .option('--concurrency <n>', 'runs processed at once by this process', positiveInteger, 4)
    .action(async (options: { concurrency: number }) =>
      (await import('./commands/worker.ts')).worker(config(), options),
    );

  program
    .command('migrate')
    .description('Bring the database schema up to date')
    .action(async () => (await import('./commands/users.ts')).migrateCommand(config()));

  program
    .command('users')
    .description('Manage users')
    .command('create')
    .description('Create a user and print {"id","email","token"} with a personal API token')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .action(async (options: { email: string; password: string }) =>
      (await import('./commands/users.ts')).createUserCommand(config(), options),
    );

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
    .action(async (file: string, options: { user: string; duplicates: 'flag' | 'skip' }) =>
      (await import('./commands/import-file.ts')).importFile(
        config(),
        file,
        options.user,
        options.duplicates,
      ),
    );

  const legacy = program
    .command('legacy-integrations')
    .description(
      'Integrations carried over from an older system; while a user has one, Contact Sync asks to remove it first',
    );
  legacy
    .command('add')
    .description('Record one for a user; prints {"id","kind","name"}')
    .requiredOption('--user <email>', 'the user who has it')
    .requiredOption('--kind <kind>', 'contacts or calendar', legacyKind)
    .requiredOption('--name <name>', 'what the user calls it, shown in Settings › Contact Sync', nonEmpty)
    .action(async (options: { user: string; kind: 'contacts' | 'calendar'; name: string }) =>
      (await import('./commands/legacy-integrations.ts')).addLegacyIntegrationCommand(config(), options),
    );
  legacy
    .command('list')
    .description("A user's integrations, one JSON line each")
    .requiredOption('--user <email>', 'the user')
    .action(async (options: { user: string }) =>
      (await import('./commands/legacy-integrations.ts')).listLegacyIntegrationsCommand(config(), options),
    );

  program
    .command('emulate')
    .description('Run the Google and Microsoft emulators (API, OAuth and /_control/) as standalone servers')
    .option('--google-port <port>', 'port of the Google emulator (0: any free port)', portNumber, 0)
    .option('--microsoft-port <port>', 'port of the Microsoft emulator (0: any free port)', portNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { googlePort: number; microsoftPort: number; host: string }) =>
      (await import('./commands/emulate.ts')).emulate(options),
    );

  return program;
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
