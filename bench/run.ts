/**
 * Prints time, CPU, peak memory and provider calls for the CRM's hot paths:
 *   npm run bench               (embedded PostgreSQL in a temporary folder)
 *   DATABASE_URL=… npm run bench (a fresh database on that server)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { importContacts } from '../src/contacts/importer.ts';
import { type Database, migrateDatabase, openDatabase } from '../src/db/database.ts';
import { startEmbeddedDatabase } from '../src/db/embedded.ts';
import { buildApp } from '../src/server/app.ts';
import { createApiToken, createUser } from '../src/users/users.ts';
import { googleCsv } from './google-csv.ts';

const ROWS = 20_000;
const SEARCHES = 200;
const log = pino({ level: 'warn' });
const run = promisify(execFile);

interface Row {
  scenario: string;
  time: string;
  cpu: string;
  peakRss: string;
  providerCalls: string;
  result: string;
}

async function measure<T>(work: () => Promise<T>) {
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000, peakMb: peak / 1024 / 1024 };
}

/** Runs a command under /usr/bin/time (when present) for its wall time, CPU and peak memory. */
async function timeCommand(command: string, args: string[], env: Record<string, string>) {
  const hasTime = existsSync('/usr/bin/time');
  const [file, argv] = hasTime
    ? ['/usr/bin/time', ['-f', 'BENCH %e %U %S %M', command, ...args]]
    : [command, args];
  const started = performance.now();
  const { stderr } = await run(file, argv, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const wallS = (performance.now() - started) / 1000;
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
  const [, , user, sys, maxRssKb] = line?.split(' ').map(Number) ?? [];
  return {
    wallS,
    cpuS: user !== undefined && sys !== undefined ? user + sys : Number.NaN,
    maxRssMb: maxRssKb === undefined ? undefined : maxRssKb / 1024,
    summary: stderr.split('\n').find((l) => l.includes(' rows: ')) ?? '',
  };
}

async function openBenchDatabase(): Promise<{ database: Database; cleanup(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => {};
  let dir: string | undefined;
  if (!adminUrl) {
    dir = await mkdtemp(join(tmpdir(), 'contact-sync-bench-'));
    const embedded = await startEmbeddedDatabase(dir, log);
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const name = `cs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent', log });
  await migrateDatabase(database);
  return {
    database,
    cleanup: async () => {
      await database.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      await stopEmbedded();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function main() {
  const { database, cleanup } = await openBenchDatabase();
  const scratch = await mkdtemp(join(tmpdir(), 'contact-sync-bench-files-'));
  const rows: Row[] = [];
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: '/nonexistent' });
    const user = await createUser(database.db, { email: 'bench@example.com', password: 'bench password' });
    await createUser(database.db, { email: 'cli@example.com', password: 'bench password' });
    const csv = Buffer.from(googleCsv(ROWS));
    const csvFile = join(scratch, 'google.csv');
    await writeFile(csvFile, csv);

    // In this process: the importer alone, on the database, with its own CPU and memory sampled.
    const baselineMb = process.memoryUsage().rss / 1024 / 1024;
    const imported = await measure(() =>
      importContacts(database.db, user.id, csv, { fileName: 'bench.csv', duplicates: 'flag', region: 'US' }),
    );
    const counts = imported.value.counts;
    rows.push({
      scenario: `import ${ROWS.toLocaleString('en')}-row Google CSV (${(csv.length / 1024 / 1024).toFixed(1)} MB), in process`,
      time: `${(imported.ms / 1000).toFixed(2)} s`,
      cpu: `${(imported.cpuMs / 1000).toFixed(2)} s`,
      peakRss: `${imported.peakMb.toFixed(0)} MiB (${baselineMb.toFixed(0)} MiB before)`,
      providerCalls: '0',
      result: `${counts.created} created, ${counts.flaggedDuplicate} flagged, ${counts.skipped} skipped`,
    });

    // As a user runs it: the whole `contact-sync import` command, start-up included.
    const cli = await timeCommand(
      process.execPath,
      [join(import.meta.dirname, '../bin/contact-sync.js'), 'import', csvFile, '--user', 'cli@example.com'],
      { DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    );
    rows.push({
      scenario: `\`contact-sync import\` of the same file (whole process)`,
      time: `${cli.wallS.toFixed(2)} s`,
      cpu: `${cli.cpuS.toFixed(2)} s`,
      peakRss: cli.maxRssMb === undefined ? 'n/a (no /usr/bin/time)' : `${cli.maxRssMb.toFixed(0)} MiB`,
      providerCalls: '0',
      result: cli.summary,
    });

    const app = await buildApp({ config, database, log });
    await app.ready();
    const { token } = await createApiToken(database.db, user.id, 'bench');
    const queries = [
      'lovelace',
      'zoe muller',
      'société',
      '512 555',
      'ada.lovelace.1',
      'broker',
      'xyz-nothing',
      'chen mei',
    ];
    const latencies: number[] = [];
    const searched = await measure(async () => {
      for (let i = 0; i < SEARCHES; i++) {
        const q = encodeURIComponent(queries[i % queries.length]!);
        const started = performance.now();
        const response = await app.inject({
          method: 'GET',
          url: `/api/contacts?q=${q}&limit=50`,
          headers: { authorization: `Bearer ${token}` },
        });
        latencies.push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(response.body);
      }
    });
    rows.push({
      scenario: `search ${ROWS.toLocaleString('en')} contacts (${SEARCHES} API requests, first page of 50)`,
      time: `median ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms`,
      cpu: `${(searched.cpuMs / SEARCHES).toFixed(1)} ms/request`,
      peakRss: `${searched.peakMb.toFixed(0)} MiB`,
      providerCalls: '0',
      result: `${SEARCHES} answered`,
    });

    const paged: number[] = [];
    await measure(async () => {
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        await app.inject({
          method: 'GET',
          url: '/api/contacts?limit=200',
          headers: { authorization: `Bearer ${token}` },
        });
        paged.push(performance.now() - started);
      }
    });
    rows.push({
      scenario: 'list the first page of 200 (no search)',
      time: `median ${median(paged).toFixed(1)} ms`,
      cpu: '',
      peakRss: '',
      providerCalls: '0',
      result: '',
    });
    await app.close();
  } finally {
    await cleanup();
    await rm(scratch, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}`,
  );
  console.log('');
  console.log('| scenario | time | CPU | peak RSS | provider calls | result |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.scenario} | ${r.time} | ${r.cpu} | ${r.peakRss} | ${r.providerCalls} | ${r.result} |`);
}

await main();
