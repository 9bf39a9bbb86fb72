import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { isDatabaseShuttingDown } from '../db/database.ts';

export const SYNC_RUN_QUEUE = 'sync-run';
export const SYNC_TICK_QUEUE = 'sync-tick';
const HEARTBEAT_SECONDS = 10;

/** A query runner inside the caller's transaction, so a job is enqueued with the change that needs it. */
export interface TransactionSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface RunJob {
  connectionId: string;
}

/**
 * Sync runs on pg-boss. The run queue is "stately" keyed by connection id: at most one run of a
 * connection is active and at most one more waits, on any number of workers (pg-boss enforces it
 * with a unique index), so a burst of CRM edits collapses into one follow-up run.
 */
export class SyncJobs {
  private constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
  ) {}

  static async start(databaseUrl: string, log: Logger): Promise<SyncJobs> {
    // A worker that dies mid-run stops sending heartbeats, and its job is failed soon after, so
    // the connection's next run is not blocked for the whole expiry time.
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'pgboss',
      max: 4,
      // Lost heartbeats are only acted on in the monitor pass (60 s by default): with both at 5 s a
      // dead worker's run is released about 15 s after it died.
      superviseIntervalSeconds: 5,
      monitorIntervalSeconds: 5,
    });
    let toldShutdown = false;
    boss.on('error', (error: unknown) => {
      if (!isDatabaseShuttingDown(error)) return log.error({ err: error }, 'job queue error');
      // Each of the queue's connections reports it; once is enough.
      if (!toldShutdown) log.info('the database is shutting down; the job queue stops');
      toldShutdown = true;
    });
    await boss.start();
    await ensureQueue(boss, SYNC_RUN_QUEUE, {
      policy: 'stately',
      expireInSeconds: 30 * 60,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      retryLimit: 0,
    });
    await ensureQueue(boss, SYNC_TICK_QUEUE, { policy: 'exclusive', expireInSeconds: 60, retryLimit: 0 });
    return new SyncJobs(boss, log);
  }

  /** Enqueues a run of the connection; inside `transaction` it commits or rolls back with the caller. */
  async enqueueRun(
    connectionId: string,
    options: { delaySeconds?: number; transaction?: TransactionSql } = {},
  ) {
    await this.boss.send(SYNC_RUN_QUEUE, { connectionId } satisfies RunJob, {
      singletonKey: connectionId,
      // Per job as well as per queue: a queue created before heartbeats were set keeps none.
      heartbeatSeconds: HEARTBEAT_SECONDS,
      ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
      ...(options.transaction ? { db: options.transaction as never } : {}),
    });
  }

  /** Processes runs: each job's connection is run by `run`, which handles its own failures. */
  async workRuns(
    run: (connectionId: string) => Promise<void>,
    options: { concurrency: number; pollSeconds?: number },
  ) {
    // Independent slots of two runs each, which fetch again at once while batches come back full:
    // one slot of four crawled at one batch per poll (4 runs/s; see docs/benchmarks.md).
    await this.boss.work<RunJob>(
      SYNC_RUN_QUEUE,
      {
        batchSize: 2,
        burstWhenBatchFull: true,
        localConcurrency: Math.max(1, Math.ceil(options.concurrency / 2)),
        pollingIntervalSeconds: options.pollSeconds ?? 1,
      },
      async (jobs) => {
        await Promise.all(jobs.map((job) => run(job.data.connectionId)));
      },
    );
  }

  /** Every minute: `tick` enqueues the connections whose next run is due. */
  async scheduleTick(tick: () => Promise<void>) {
    await this.boss.schedule(SYNC_TICK_QUEUE, '* * * * *');
    await this.boss.work(SYNC_TICK_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await tick();
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
    this.log.debug('job queue stopped');
  }
}

async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss['createQueue']>[1]) {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, options);
  } catch (error: unknown) {
    // Another process created it between our look and our create.
    if (!(await boss.getQueue(name))) throw error;
  }
}
