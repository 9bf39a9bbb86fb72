import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  startWorkerlessHub,
  WorkerFleet,
  type WorkerlessHub,
  type WorkerProcess,
  waitFor,
} from './worker-process.ts';

/**
 * Two `contact-sync worker` processes on one database share 20 connections: runs are spread over
 * both, and no two runs of one connection ever overlap in time (pg-boss's stately queue keyed by
 * connection id is what the engine relies on for that).
 */
const CONNECTIONS = 20;
const CONTACTS_EACH = 200;
/** Sync now for every connection this many times once the initial syncs are done. */
const EXTRA_ROUNDS = 3;

let hub: WorkerlessHub;
let fleet: WorkerFleet | undefined;
let workers: WorkerProcess[] = [];
const people: { browser: Browser; account: string }[] = [];

beforeAll(async () => {
  hub = await startWorkerlessHub();
  // Info level: each worker's "sync run completed" line names the run it did.
  fleet = new WorkerFleet(hub.workerEnv());
  workers = [fleet.start({ logLevel: 'info' }), fleet.start({ logLevel: 'info' })];
  for (const worker of workers) {
    await waitFor(`${worker.name} is ready`, async () => worker.logged('sync worker started').length > 0);
  }
}, 60_000);

afterAll(async () => {
  await fleet?.killAll();
  await hub?.close();
});

interface RunRow {
  id: string;
  connection_id: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: string | null;
}

async function runs(): Promise<RunRow[]> {
  return hub.query<RunRow>(
    'select id, connection_id, started_at, finished_at, outcome from sync_runs order by connection_id, started_at',
  );
}

async function completedRunsPerConnection(): Promise<Map<string, number>> {
  const rows = await hub.query<{ connection_id: string; n: number }>(
    "select connection_id, count(*)::int as n from sync_runs where outcome = 'completed' group by connection_id",
  );
  return new Map(rows.map((row) => [row.connection_id, row.n]));
}

describe('two worker processes on one database', () => {
  it('share 20 connections, never overlap two runs of one connection, and sync every contact', async () => {
    for (let i = 0; i < CONNECTIONS; i++) {
      const account = `two-workers-${i}-${Date.now()}@example.com`;
      await hub.control('POST', '/accounts', { email: account });
      await hub.control('POST', `/accounts/${encodeURIComponent(account)}/generate`, {
        count: CONTACTS_EACH,
        seed: 100 + i,
      });
      const browser = await hub.signIn();
      await browser.connect(account);
      people.push({ browser, account });
    }

    for (const { browser } of people) {
      await waitFor(
        `${browser.email} finishes its initial sync`,
        async () => {
          const s = await browser.status();
          return s.status === 'running' && s.syncedCount === CONTACTS_EACH;
        },
        90_000,
      );
    }

    // More runs: each round presses Sync now for every connection, then again while its run is
    // going, so a second run waits in the queue for whichever worker is free when the first ends.
    await hub.control('PUT', '/settings', { latencyMs: 200 });
    const browserOf = new Map(people.map(({ browser }) => [browser.userId, browser]));
    const before = await completedRunsPerConnection();
    for (let round = 0; round < EXTRA_ROUNDS; round++) {
      const done = await completedRunsPerConnection();
      for (const { browser } of people) {
        expect((await browser.api('POST', '/api/sync/connection/run')).status).toBe(200);
      }
      const pressedAgain = new Set<string>();
      await waitFor(`round ${round}: Sync now again during every connection's run`, async () => {
        const going = await hub.query<{ owner_id: string; connection_id: string; finished: boolean }>(
          'select owner_id, connection_id, bool_and(finished_at is not null) as finished from sync_runs group by 1, 2',
        );
        const completed = await completedRunsPerConnection();
        for (const row of going) {
          if (pressedAgain.has(row.owner_id)) continue;
          // A run too quick to be seen going still gets its second press, after it.
          if (row.finished && (completed.get(row.connection_id) ?? 0) <= done.get(row.connection_id)!)
            continue;
          await browserOf.get(row.owner_id)!.api('POST', '/api/sync/connection/run');
          pressedAgain.add(row.owner_id);
        }
        return pressedAgain.size === CONNECTIONS;
      });
      await waitFor(
        `round ${round}: every connection completes two more runs`,
        async () => {
          const now = await completedRunsPerConnection();
          return [...done].every(([id, n]) => (now.get(id) ?? 0) >= n + 2);
        },
        60_000,
      );
    }
    await hub.control('PUT', '/settings', { latencyMs: 0 });
    const after = await completedRunsPerConnection();
    expect(after.size).toBe(CONNECTIONS);
    for (const [id, n] of before) expect(after.get(id)).toBeGreaterThanOrEqual(n + 2 * EXTRA_ROUNDS);

    const all = await runs();
    expect(all.filter((run) => run.outcome !== 'completed')).toEqual([]);
    const overlaps: string[] = [];
    for (let i = 1; i < all.length; i++) {
      const previous = all[i - 1]!;
      const run = all[i]!;
      if (run.connection_id !== previous.connection_id) continue;
      if (run.started_at < previous.finished_at!) {
        overlaps.push(`${previous.id} (until ${previous.finished_at!.toISOString()}) and ${run.id}`);
      }
    }
    expect(overlaps).toEqual([]);

    // Which process did which run: every run is claimed by exactly one worker's log, and both worked.
    const logsOf = () =>
      workers.map((worker) => new Set(worker.logged('sync run completed').map((l) => l.runId as string)));
    // A run's log line follows its database commit; give the pipes a moment to deliver the last ones.
    const doneBy = await waitFor(
      'every run appears in a worker log',
      async () => {
        const sets = logsOf();
        return all.every((run) => sets.some((ids) => ids.has(run.id))) ? sets : undefined;
      },
      10_000,
    );
    for (const run of all) {
      expect(doneBy.filter((ids) => ids.has(run.id)).length, `run ${run.id}`).toBe(1);
    }
    for (const [i, ids] of doneBy.entries()) {
      expect(ids.size, `${workers[i]!.name} did no run`).toBeGreaterThan(0);
    }
    // One connection's consecutive runs on different processes: the hand-over the queue must order.
    const workerOf = (runId: string) => doneBy.findIndex((ids) => ids.has(runId));
    const handOvers = all.filter(
      (run, i) =>
        i > 0 &&
        all[i - 1]!.connection_id === run.connection_id &&
        workerOf(all[i - 1]!.id) !== workerOf(run.id),
    );
    expect(handOvers.length).toBeGreaterThan(0);

    const perOwner = await hub.query<{ owner_id: string; contacts: number; links: number }>(
      `select c.owner_id, count(*)::int as contacts, count(l.contact_id)::int as links
         from contacts c left join sync_links l on l.owner_id = c.owner_id and l.contact_id = c.id
                                                and l.state = 'linked'
        group by c.owner_id`,
    );
    expect(perOwner).toHaveLength(CONNECTIONS);
    expect(perOwner.every((o) => o.contacts === CONTACTS_EACH && o.links === CONTACTS_EACH)).toBe(true);
    for (const { account } of people) {
      const remote = await hub.control('GET', `/accounts/${encodeURIComponent(account)}/contacts`);
      expect(remote.contacts).toHaveLength(CONTACTS_EACH);
    }
    for (const worker of workers) expect(worker.running, worker.output()).toBe(true);
  }, 170_000);
});
