import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openMigratedDatabase } from '../runtime.ts';

/** Runs `work` with a migrated database and always closes it (stopping an embedded one we started). */
export async function withDatabase<T>(
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
