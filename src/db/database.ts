import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from 'pino';
import { startEmbeddedDatabase } from './embedded.ts';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 7_311_908;

/**
 * True for SQLSTATE 57P01: PostgreSQL ends the connection because it is shutting down. Ctrl-C reaches
 * the embedded PostgreSQL too (same process group), so this is the normal end of every pool.
 */
export function isDatabaseShuttingDown(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '57P01';
}

/** Connects to DATABASE_URL, or to the embedded PostgreSQL under dataDir when none is given. */
export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  log: Logger;
  poolSize?: number;
}): Promise<Database> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedDatabase(options.dataDir, options.log);
  const url = options.databaseUrl ?? embedded!.url;
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', (error) => {
    if (isDatabaseShuttingDown(error))
      options.log.debug('the database ended an idle connection: it is shutting down');
    else options.log.warn({ err: error }, 'idle database connection failed');
  });
  return {
    db: drizzle(pool, { schema }),
    pool,
    url,
    close: async () => {
      await pool.end();
      await embedded?.stop();
    },
  };
}

/** Applies the committed SQL migrations; an advisory lock keeps concurrent starts from racing. */
export async function migrateDatabase(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}
