import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SyncJobs } from '../../src/sync/jobs.ts';
import { createTestDatabase } from '../support/database.ts';

// Ctrl-C reaches the embedded PostgreSQL as well as the server, and the database ends every
// connection as it stops (SQLSTATE 57P01). That is the normal end of a run, so it must read as one
// calm line, not as errors with stack traces.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** Ends the connections of this database the way a stopping server does, except the caller's. */
async function endConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await client.end();
  }
}

it('a database that shuts down is told once, with no error logged', async () => {
  const { log, lines } = capturingLogger();
  const jobs = await SyncJobs.start(database.url, log);

  expect(await endConnections(database.url)).toBeGreaterThan(1);
  await expect.poll(() => lines.some((l) => l.msg.includes('shutting down')), { timeout: 5_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));

  expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  expect(lines.filter((l) => l.msg === 'the database is shutting down; the job queue stops')).toHaveLength(1);
  await jobs.stop();
});
