import { type ProviderConnector, ProviderError } from '../../providers/provider.ts';
import { nextRetry } from '../decisions/index.ts';
import type { EngineDeps } from './engine-deps.ts';

/** Waits up to this long inside a run; a longer wait ends the run and schedules the next one. */
const LONGEST_WAIT_IN_RUN_MS = 30_000;

/** The run cannot go on now: the connection waits until `retryAt`, or needs the user. */
export class RunInterrupted extends Error {
  constructor(
    readonly error: ProviderError,
    readonly retryAt: number | undefined,
  ) {
    super(error.message);
  }
}

/**
 * Every provider call of a run goes through here: temporary failures and throttling are retried
 * with the backoff of `nextRetry` while the wait is short, so a burst of 5xx or 429 answers ends in
 * the same state as a clean run; a longer wait or any other kind interrupts the run.
 */
export function resilientConnector(
  connector: ProviderConnector,
  deps: Pick<EngineDeps, 'now' | 'random'>,
  sleep = delay,
): ProviderConnector {
  async function call<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error: unknown) {
        const failure =
          error instanceof ProviderError ? error : new ProviderError('temporary', String(error));
        if (failure.kind !== 'temporary' && failure.kind !== 'throttled') throw failure;
        const decision = nextRetry({
          kind: failure.kind,
          attempt,
          now: deps.now(),
          random: deps.random,
          ...(failure.details.retryAfterMs !== undefined
            ? { retryAfterMs: failure.details.retryAfterMs }
            : {}),
        });
        const waitMs = (decision.at ?? deps.now()) - deps.now();
        if (decision.action !== 'retry' || waitMs > LONGEST_WAIT_IN_RUN_MS)
          throw new RunInterrupted(failure, decision.at);
        await sleep(waitMs);
      }
    }
  }
  return {
    provider: connector.provider,
    listPage: (cursor, pageToken) => call(() => connector.listPage(cursor, pageToken)),
    getContacts: (ids) => call(() => connector.getContacts(ids)),
    createContacts: (writes) => call(() => connector.createContacts(writes)),
    updateContacts: (updates) => call(() => connector.updateContacts(updates)),
    accountEmail: () => call(() => connector.accountEmail()),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
