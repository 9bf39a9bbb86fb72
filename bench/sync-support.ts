/**
 * What bench/sync.ts needs around the sync itself: a scratch database, child processes (the Google
 * emulator, sync workers) with their CPU and memory read from /proc, and in-process sampling.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Database, migrateDatabase, openDatabase } from '../src/db/database.ts';
import { startEmbeddedDatabase } from '../src/db/embedded.ts';

const CLI = join(import.meta.dirname, '../bin/contact-sync.js');

/** A database of its own on DATABASE_URL's server, or on an embedded PostgreSQL in a temporary folder. */
export async function scratchDatabase(log: Logger): Promise<{ database: Database; drop(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let folder: string | undefined;
  let stopServer = async () => {};
  if (!serverUrl) {
    folder = await mkdtemp(join(tmpdir(), 'contact-sync-sync-bench-'));
    const embedded = await startEmbeddedDatabase(folder, log);
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  const name = `cs_sync_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // `drop database … with (force)` ends connections the pool is still closing: not worth a warning.
  const database = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: '/nonexistent',
    log: log.child({}, { level: 'error' }),
  });
  await migrateDatabase(database);
  return {
    database,
    async drop() {
      await database.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      await stopServer();
      if (folder) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) and current and peak RSS of another process, from /proc. */
export async function processUsage(pid: number) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  const cpuS = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { cpuS, rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

export interface Child {
  pid: number;
  stop(): Promise<void>;
}

function track(child: ChildProcess): Child {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves with the first match of `pattern` in the child's stdout (which is drained afterwards). */
function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let done = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (done) return;
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        done = true;
        resolve(match);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => {
      if (!done) reject(new Error(`${what} exited with ${code} before it was ready`));
    });
  });
}

/** `contact-sync emulate` in a child process, so that its memory and CPU are not the bench's. */
export async function startEmulatorProcess(): Promise<Child & { url: string }> {
  const child = spawn(process.execPath, [CLI, 'emulate'], {
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, url] = await waitForOutput(child, /^google (\S+)$/m, 'contact-sync emulate');
  return { ...track(child), url: url! };
}

/** `contact-sync worker` in a child process; resolves once its job queue is working. */
export async function startWorkerProcess(env: Record<string, string>, args: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [CLI, 'worker', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /sync worker started/, 'contact-sync worker');
  return track(child);
}

/** The emulator's control API; answers are JSON (or nothing). */
export async function control(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/_control${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined;
}

/** The emulator's request counters by "endpoint status" (the request list itself is left out). */
export async function requestCounters(base: string): Promise<Record<string, number>> {
  const answer = await control(base, 'GET', `/requests?since=${encodeURIComponent('9999')}`);
  return (answer?.counters ?? {}) as Record<string, number>;
}

/** Requests per endpoint (statuses summed) between two counter snapshots. */
export function callsBetween(before: Record<string, number>, after: Record<string, number>) {
  const calls = new Map<string, number>();
  for (const [key, n] of Object.entries(after)) {
    const endpoint = key.slice(0, key.lastIndexOf(' '));
    const added = n - (before[key] ?? 0);
    if (added > 0) calls.set(endpoint, (calls.get(endpoint) ?? 0) + added);
  }
  return calls;
}

/** Wall time, CPU time and peak RSS (sampled every 10 ms) of `work` in this process. */
export async function measure<T>(work: () => Promise<T>) {
  const cpuBefore = process.cpuUsage();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  try {
    const value = await work();
    const cpu = process.cpuUsage(cpuBefore);
    return {
      value,
      seconds: (performance.now() - started) / 1000,
      cpuS: (cpu.user + cpu.system) / 1e6,
      peakMiB: Math.max(peak, process.memoryUsage().rss) / 1024 / 1024,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Calls `work` on every item, at most `concurrency` at once. */
export async function forEachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** Polls `probe` every 20 ms until it returns true. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
