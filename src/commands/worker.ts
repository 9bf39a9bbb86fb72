import type { Config } from '../config.ts';
import { handleStopSignalsOurselves } from '../db/embedded.ts';
import { createLogger } from '../logger.ts';
import { openMigratedDatabase } from '../runtime.ts';
import { SyncRuntime } from '../sync/sync-runtime.ts';

/**
 * `contact-sync worker`: sync runs only, no HTTP. Start as many as needed on any machine pointing at
 * the same DATABASE_URL; the job queue keeps one run per connection at a time across all of them.
 */
export async function worker(config: Config, options: { concurrency: number }): Promise<void> {
  const log = createLogger(config);
  if (!config.google) {
    log.warn(
      'no Google credentials are configured: this worker can only run connections to providers that are',
    );
  }
  const database = await openMigratedDatabase(config, log);
  const sync = await SyncRuntime.start({
    config,
    database,
    log,
    work: true,
    concurrency: options.concurrency,
  });
  log.info({ concurrency: options.concurrency }, 'sync worker started');
  const stop = async () => {
    await sync.stop();
    await database.close();
    process.exit(0);
  };
  handleStopSignalsOurselves();
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
