import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createApiToken, createUser } from '../users/users.ts';
import { withDatabase } from './with-database.ts';

/** `contact-sync users create`: prints one JSON line {"id","email","token"}. */
export async function createUserCommand(config: Config, options: { email: string; password: string }) {
  await withDatabase(config, createLogger(config, 'stderr'), async ({ db }) => {
    const user = await createUser(db, options);
    const { token } = await createApiToken(db, user.id, 'created with the CLI');
    process.stdout.write(`${JSON.stringify({ id: user.id, email: user.email, token })}\n`);
  });
}

export async function migrateCommand(config: Config) {
  await withDatabase(config, createLogger(config, 'stderr'), async () => {
    process.stderr.write('Database schema is up to date.\n');
  });
}
