/**
 * Sync figures against the Google emulator (in a child process): an initial sync of 20,000
 * contacts, an incremental run with 100 changes on each side, and no-change runs per second with
 * one and two `contact-sync worker` processes.
 *   npx tsx bench/sync.ts                 (embedded PostgreSQL in a temporary folder)
 *   DATABASE_URL=… npx tsx bench/sync.ts  (a fresh database on that server)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { and, asc, count, desc, eq, gte } from 'drizzle-orm';
import pino from 'pino';
import { type Config, loadConfig } from '../src/config.ts';
import { updateContact } from '../src/contacts/service.ts';
import type { Database } from '../src/db/database.ts';
import { syncConnections, syncLinks, syncRuns, users } from '../src/db/schema.ts';
import type { StoredTokens } from '../src/sync/oauth-flow.ts';
import { SyncRuntime } from '../src/sync/sync-runtime.ts';
import {
  type Child,
  callsBetween,
  control,
  forEachLimited,
  measure,
  processUsage,
  requestCounters,
  scratchDatabase,
  startEmulatorProcess,
  startWorkerProcess,
  until,
} from './sync-support.ts';

const INITIAL_CONTACTS = 20_000;
const GENERATE_CHUNK = 5_000;
const CHANGES_EACH_SIDE = 100;
const POLLED_CONNECTIONS = 500;
const CONTACTS_PER_POLLED = 200;
const SETUP_CONCURRENCY = 8;
const WORKER_CONCURRENCY = 4;

const LIST = 'GET /v1/people/me/connections';
const SCOPE = 'openid email https://www.googleapis.com/auth/contacts';
const CLIENT = { id: 'bench-client', secret: 'bench-secret' };
// The bench's runtime and the worker processes must open each other's sealed tokens.
const TOKEN_KEY = randomBytes(32).toString('base64');
// Long enough that no scheduled tick enqueues runs of its own while runs are being counted.
const POLL_SECONDS = 86_400;

const log = pino({ level: 'warn' });

interface Row {
  scenario: string;
  time: string;
  cpu: string;
  peakRss: string;
  providerCalls: string;
  result: string;
  target: string;
}

function syncEnv(databaseUrl: string, emulatorUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    GOOGLE_CLIENT_ID: CLIENT.id,
    GOOGLE_CLIENT_SECRET: CLIENT.secret,
    GOOGLE_ISSUER_URL: emulatorUrl,
    GOOGLE_PEOPLE_API_URL: emulatorUrl,
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
    SYNC_POLL_SECONDS: String(POLL_SECONDS),
  };
}

function startRuntime(config: Config, database: Database) {
  return SyncRuntime.start({ config, database, log, work: false });
}

/**
 * A user connected to an emulator account holding `contacts` generated contacts. The OAuth dance is
 * replaced by tokens the emulator mints for the same client; the connection row is what the OAuth
 * callback stores (status initializing, sealed tokens, due now).
 */
async function connectedAccount(
  runtime: SyncRuntime,
  emulatorUrl: string,
  email: string,
  contacts: number,
): Promise<{ ownerId: string; connectionId: string }> {
  const account = `/accounts/${encodeURIComponent(email)}`;
  await control(emulatorUrl, 'POST', '/accounts', { email });
  for (let done = 0; done < contacts; done += GENERATE_CHUNK) {
    const chunk = Math.min(GENERATE_CHUNK, contacts - done);
    await control(emulatorUrl, 'POST', `${account}/generate`, { count: chunk, seed: done + 1 });
  }
  const minted = await control(emulatorUrl, 'POST', `${account}/tokens`, {
    scope: SCOPE,
    clientId: CLIENT.id,
  });
  const tokens: StoredTokens = {
    accessToken: String(minted?.access_token),
    refreshToken: String(minted?.refresh_token),
    expiresAt: Date.now() + Number(minted?.expires_in) * 1000,
  };
  const ownerId = randomUUID();
  const connectionId = randomUUID();
  // Not a usable password hash: these owners never log in.
  await runtime.db.insert(users).values({ id: ownerId, email, passwordHash: 'bench-owner' });
  await runtime.db.insert(syncConnections).values({
    ownerId,
    id: connectionId,
    provider: 'google',
    accountEmail: email,
    status: 'initializing',
    tokens: runtime.vault.seal(tokens),
    nextSyncAt: new Date(),
  });
  return { ownerId, connectionId };
}

async function lastRunSummary(runtime: SyncRuntime, connectionId: string) {
  const [run] = await runtime.db
    .select({ outcome: syncRuns.outcome, summary: syncRuns.summary })
    .from(syncRuns)
    .where(eq(syncRuns.connectionId, connectionId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(1);
  return run as { outcome: string | null; summary: Record<string, Record<string, number>> } | undefined;
}

async function linkedCount(runtime: SyncRuntime, connectionId: string): Promise<number> {
  const [row] = await runtime.db
    .select({ n: count() })
    .from(syncLinks)
    .where(and(eq(syncLinks.connectionId, connectionId), eq(syncLinks.state, 'linked')));
  return row?.n ?? 0;
}

function callList(calls: Map<string, number>): string {
  return (
    [...calls]
      .filter(([endpoint]) => !endpoint.includes('/_control'))
      // Route templates carry Fastify's escapes ("::") and parameter patterns; show them as paths.
      .map(([endpoint, n]) => `${n} × \`${endpoint.replace(/\([^)]*\)/g, '').replaceAll('::', ':')}\``)
      .join('; ')
  );
}

const seconds = (s: number) => `${s.toFixed(2)} s`;
const mib = (m: number) => `${m.toFixed(0)} MiB`;

/** Scenarios 1 and 2: one account of 20,000 contacts, synced once, then 100 changes on each side. */
async function largeAccount(database: Database, rows: Row[]) {
  const emulator = await startEmulatorProcess();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: '/nonexistent',
    ...syncEnv(database.url, emulator.url),
  });
  const runtime = await startRuntime(config, database);
  try {
    const seedStarted = performance.now();
    const { ownerId, connectionId } = await connectedAccount(
      runtime,
      emulator.url,
      'large@example.com',
      INITIAL_CONTACTS,
    );
    const seedS = (performance.now() - seedStarted) / 1000;

    const before = await requestCounters(emulator.url);
    const initial = await measure(() => runtime.run(connectionId));
    const calls = callsBetween(before, await requestCounters(emulator.url));
    const linked = await linkedCount(runtime, connectionId);
    const lists = calls.get(LIST) ?? 0;
    rows.push({
      scenario: `initial sync of ${INITIAL_CONTACTS.toLocaleString('en')} Google contacts (one \`run\`; seeding took ${seedS.toFixed(1)} s, not counted)`,
      time: seconds(initial.seconds),
      cpu: seconds(initial.cpuS),
      peakRss: mib(initial.peakMiB),
      providerCalls: callList(calls),
      result: `${initial.value}, ${linked.toLocaleString('en')} linked`,
      target: `≤ 15 s ${initial.seconds <= 15 ? 'met' : 'missed'}; ≤ 400 MB ${initial.peakMiB * 1.048576 <= 400 ? 'met' : 'missed'}; 20 list calls ${lists === 20 ? 'met' : `missed (${lists})`}`,
    });

    await changeBothSides(runtime, emulator.url, ownerId, connectionId, config.defaultPhoneRegion);
    const beforeIncremental = await requestCounters(emulator.url);
    const incremental = await measure(() => runtime.run(connectionId));
    const incrementalCalls = callsBetween(beforeIncremental, await requestCounters(emulator.url));
    const summary = (await lastRunSummary(runtime, connectionId))?.summary;
    const incrementalLists = incrementalCalls.get(LIST) ?? 0;
    rows.push({
      scenario: `incremental run, ${CHANGES_EACH_SIDE} remote + ${CHANGES_EACH_SIDE} CRM changes of ${INITIAL_CONTACTS.toLocaleString('en')}`,
      time: seconds(incremental.seconds),
      cpu: seconds(incremental.cpuS),
      peakRss: mib(incremental.peakMiB),
      providerCalls: callList(incrementalCalls),
      result: `${incremental.value}: ${summary?.pulled?.merged ?? '?'} merged into the CRM, ${summary?.pushed?.updated ?? '?'} pushed, ${summary?.pushed?.conflicts ?? '?'} conflicts`,
      target: `≤ 1 s ${incremental.seconds <= 1 ? 'met' : 'missed'}; ≤ 2 list calls ${incrementalLists <= 2 ? 'met' : `missed (${incrementalLists})`}`,
    });
  } finally {
    await runtime.stop();
    await emulator.stop();
  }
}

/** Edits distinct contacts on each side: the first links' remote copies, the next links' CRM copies. */
async function changeBothSides(
  runtime: SyncRuntime,
  emulatorUrl: string,
  ownerId: string,
  connectionId: string,
  region: string,
) {
  const links = await runtime.db
    .select({ contactId: syncLinks.contactId, remoteId: syncLinks.remoteId })
    .from(syncLinks)
    .where(eq(syncLinks.connectionId, connectionId))
    .orderBy(asc(syncLinks.contactId))
    .limit(2 * CHANGES_EACH_SIDE);
  const remote = links.slice(0, CHANGES_EACH_SIDE);
  const crm = links.slice(CHANGES_EACH_SIDE);
  for (const [i, link] of remote.entries()) {
    await control(
      emulatorUrl,
      'PATCH',
      `/accounts/large%40example.com/contacts/${encodeURIComponent(link.remoteId!)}`,
      { organizations: [{ name: 'Remote Edit Ltd', title: `Changed in Google ${i}` }] },
    );
  }
  // Without hooks, as a write that enqueues nothing: the run finds it by contacts.version.
  for (const [i, link] of crm.entries()) {
    await updateContact(runtime.db, ownerId, link.contactId, { jobTitle: `Changed in the CRM ${i}` }, region);
  }
}

/** Scenario 3: many small connections, all synced, then no-change runs through the job queue. */
async function manyConnections(database: Database, rows: Row[]) {
  const emulator = await startEmulatorProcess();
  const env = syncEnv(database.url, emulator.url);
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: '/nonexistent', ...env });
  const runtime = await startRuntime(config, database);
  try {
    const ids: string[] = [];
    const setup = await measure(async () => {
      const emails = Array.from({ length: POLLED_CONNECTIONS }, (_, i) => `poll-${i}@example.com`);
      await forEachLimited(emails, SETUP_CONCURRENCY, async (email) => {
        ids.push((await connectedAccount(runtime, emulator.url, email, CONTACTS_PER_POLLED)).connectionId);
      });
      await forEachLimited([...ids], SETUP_CONCURRENCY, async (id) => {
        const outcome = await runtime.run(id);
        if (outcome !== 'completed') throw new Error(`initial sync of ${id}: ${outcome}`);
      });
    });
    const shape = `${POLLED_CONNECTIONS} connections × ${CONTACTS_PER_POLLED} contacts`;
    rows.push({
      scenario: `setup: ${shape}, seeded and initially synced (${SETUP_CONCURRENCY} runs at once, in process)`,
      time: seconds(setup.seconds),
      cpu: seconds(setup.cpuS),
      peakRss: mib(setup.peakMiB),
      providerCalls: '',
      result: `${(POLLED_CONNECTIONS / setup.seconds).toFixed(1)} connections/s`,
      target: '',
    });

    for (const workers of [1, 2]) {
      rows.push(await pollingRound(runtime, emulator.url, env, ids, workers, shape));
    }
  } finally {
    await runtime.stop();
    await emulator.stop();
  }
}

/** Enqueues a run of every connection and waits until each has a newer last sync time. */
async function pollingRound(
  runtime: SyncRuntime,
  emulatorUrl: string,
  env: Record<string, string>,
  ids: string[],
  workers: number,
  shape: string,
): Promise<Row> {
  const children: Child[] = [];
  try {
    for (let i = 0; i < workers; i++)
      children.push(await startWorkerProcess(env, ['--concurrency', String(WORKER_CONCURRENCY)]));
    const usageBefore = await Promise.all(children.map((c) => processUsage(c.pid)));
    const countersBefore = await requestCounters(emulatorUrl);
    const mark = new Date();
    const started = performance.now();
    for (const id of ids) await runtime.enqueueRun(id);
    const enqueuedS = (performance.now() - started) / 1000;
    await until(
      async () => {
        const [row] = await runtime.db
          .select({ n: count() })
          .from(syncConnections)
          .where(gte(syncConnections.lastSyncAt, mark));
        return (row?.n ?? 0) >= ids.length;
      },
      20 * 60_000,
      `${workers} worker(s) running every connection`,
    );
    const elapsedS = (performance.now() - started) / 1000;
    const usageAfter = await Promise.all(children.map((c) => processUsage(c.pid)));
    const calls = callsBetween(countersBefore, await requestCounters(emulatorUrl));
    const [completed] = await runtime.db
      .select({ n: count() })
      .from(syncRuns)
      .where(and(gte(syncRuns.startedAt, mark), eq(syncRuns.outcome, 'completed')));
    const cpuS = usageAfter.map((u, i) => u.cpuS - usageBefore[i]!.cpuS);
    return {
      scenario: `no-change runs, ${shape}, ${workers} \`contact-sync worker\` process${workers > 1 ? 'es' : ''} (--concurrency ${WORKER_CONCURRENCY})`,
      time: `${seconds(elapsedS)} (enqueueing took ${seconds(enqueuedS)})`,
      cpu: cpuS.map(seconds).join(' + '),
      peakRss: usageAfter.map((u) => mib(u.peakMiB)).join(' + '),
      providerCalls: callList(calls),
      result: `**${(ids.length / elapsedS).toFixed(1)} runs/s**; ${completed?.n ?? 0} runs completed`,
      target: '',
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

async function main() {
  const { database, drop } = await scratchDatabase(log);
  const rows: Row[] = [];
  try {
    await largeAccount(database, rows);
    await manyConnections(database, rows);
  } finally {
    await drop();
  }

  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}`,
  );
  console.log('');
  console.log('| scenario | time | CPU | peak RSS | provider calls | result | target |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.time} | ${r.cpu} | ${r.peakRss} | ${r.providerCalls} | ${r.result} | ${r.target} |`,
    );
  }
}

await main();
