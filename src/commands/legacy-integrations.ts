import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { AppError } from '../server/errors.ts';
import {
  addLegacyIntegration,
  type LegacyKind,
  listLegacyIntegrations,
} from '../sync/legacy-integrations.ts';
import { findUserByEmail } from '../users/users.ts';
import { withDatabase } from './with-database.ts';

async function userId(database: Database, email: string): Promise<string> {
  const user = await findUserByEmail(database.db, email);
  if (!user) throw new AppError('not_found', `No user with the email ${email}.`);
  return user.id;
}

/** `contact-sync legacy-integrations add`: records one; prints {"id","kind","name"}. */
export async function addLegacyIntegrationCommand(
  config: Config,
  options: { user: string; kind: LegacyKind; name: string },
) {
  await withDatabase(config, createLogger(config, 'stderr'), async (database) => {
    const owner = await userId(database, options.user);
    const id = await addLegacyIntegration(database.db, owner, options.kind, options.name);
    process.stdout.write(`${JSON.stringify({ id, kind: options.kind, name: options.name })}\n`);
  });
}

/** `contact-sync legacy-integrations list`: one JSON line per integration of the user. */
export async function listLegacyIntegrationsCommand(config: Config, options: { user: string }) {
  await withDatabase(config, createLogger(config, 'stderr'), async (database) => {
    for (const item of await listLegacyIntegrations(database.db, await userId(database, options.user))) {
      process.stdout.write(`${JSON.stringify(item)}\n`);
    }
  });
}
