import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { type Database, migrateDatabase, openDatabase } from './db/database.ts';

/** Opens the configured database (embedded when no URL is set) and brings its schema up to date. */
export async function openMigratedDatabase(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    await migrateDatabase(database);
  } catch (error: unknown) {
    await database.close();
    throw error;
  }
  return database;
}
