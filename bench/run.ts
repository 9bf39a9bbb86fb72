/**
 * Prints time, CPU, peak memory and provider calls for the CRM's hot paths:
 *   npm run bench               (embedded PostgreSQL in a temporary folder)
 *   DATABASE_URL=… npm run bench (a fresh database on that server)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
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
  const rows: Row[] = [];
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: '/nonexistent' });
    const user = await createUser(database.db, { email: 'bench@example.com', password: 'bench password' });
    const csv = Buffer.from(googleCsv(ROWS));

    const baselineMb = process.memoryUsage().rss / 1024 / 1024;
    const imported = await measure(() =>
      importContacts(database.db, user.id, csv, { fileName: 'bench.csv', duplicates: 'flag', region: 'US' }),
    );
    const counts = imported.value.counts;
    rows.push({
      scenario: `import ${ROWS.toLocaleString('en')}-row Google CSV (${(csv.length / 1024 / 1024).toFixed(1)} MB)`,
      time: `${(imported.ms / 1000).toFixed(2)} s`,
      cpu: `${(imported.cpuMs / 1000).toFixed(2)} s`,
      peakRss: `${imported.peakMb.toFixed(0)} MB (${baselineMb.toFixed(0)} MB before)`,
      providerCalls: '0',
      result: `${counts.created} created, ${counts.flaggedDuplicate} flagged, ${counts.skipped} skipped`,
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
      peakRss: `${searched.peakMb.toFixed(0)} MB`,
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
