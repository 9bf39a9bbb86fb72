import { ProviderError } from '../../providers/provider.ts';
import {
  authRevoked,
  type ConnectionState,
  initialSyncCompleted,
  massUnlinkGuardTripped,
  runSucceeded,
  type Transition,
  temporaryFailure,
  throttled,
} from '../decisions/index.ts';
import { type Connection, finishRun, getConnection, startRun, updateConnection } from '../sync-store.ts';
import type { EngineDeps } from './engine-deps.ts';
import { pull } from './pull.ts';
import { push } from './push.ts';
import { RunInterrupted, resilientConnector } from './resilient-connector.ts';

export type RunOutcome = 'completed' | 'skipped' | 'interrupted' | 'needs-confirmation';

/** First key of the advisory lock a run holds (the second is the connection id's hash). */
const RUN_LOCK_NAMESPACE = 7_311_909;

/**
 * One run of one connection: pull, then push, then finish. The job queue guarantees that no two
 * runs of a connection overlap; everything that goes wrong is turned into a state here, once.
 */
export async function runConnection(deps: EngineDeps, connectionId: string): Promise<RunOutcome> {
  // The job queue keeps one run per connection; this session lock holds even when the queue gives
  // up on a worker that is only slow, and it is released the moment a dead worker's session ends.
  const lock = await deps.db.$client.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, hashtext($2)) as locked',
      [RUN_LOCK_NAMESPACE, connectionId],
    );
    if (!rows[0]?.locked) return 'skipped';
    try {
      return await runLocked(deps, connectionId);
    } finally {
      await lock.query('select pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, connectionId]);
    }
  } finally {
    lock.release();
  }
}

async function runLocked(deps: EngineDeps, connectionId: string): Promise<RunOutcome> {
  const connection = await getConnection(deps.db, connectionId);
  if (!connection || !isRunnable(connection, deps.now())) return 'skipped';
  // One connector for the whole run, so what the pull read can serve the push's merges.
  const connector = resilientConnector(deps.connectorFor(connection), deps);
  const runDeps: EngineDeps = { ...deps, connectorFor: () => connector };
  const runId = await startRun(deps.db, connection);
  const started = deps.now();
  try {
    const pulled = await pull(runDeps, connection, runId);
    if (pulled.needsConfirmation) {
      await moveTo(deps, connection, massUnlinkGuardTripped(stateOf(connection)));
      await finishRun(deps.db, connection.ownerId, runId, 'needs-confirmation', { pulled });
      return 'needs-confirmation';
    }
    const pushed = await push(runDeps, (await getConnection(deps.db, connectionId))!, runId);
    await finish(deps, connectionId);
    await finishRun(deps.db, connection.ownerId, runId, 'completed', { pulled, pushed });
    deps.log.info(
      { connectionId, runId, stage: 'finish', pulled, pushed, ms: deps.now() - started },
      'sync run completed',
    );
    return 'completed';
  } catch (error: unknown) {
    await interrupt(deps, connectionId, error);
    await finishRun(deps.db, connection.ownerId, runId, 'interrupted', { error: errorSummary(error) });
    deps.log.warn({ connectionId, runId, stage: 'run', err: error }, 'sync run interrupted');
    return 'interrupted';
  }
}

function isRunnable(connection: Connection, now: number): boolean {
  if (connection.status === 'paused' || connection.status === 'needs-reauthorization') return false;
  return !(connection.throttledUntil && connection.throttledUntil.getTime() > now);
}

export function stateOf(connection: Connection): ConnectionState {
  return {
    status: connection.status as ConnectionState['status'],
    initialSyncDone: connection.initialSyncDone,
    ...(connection.pausedReason
      ? { pausedReason: connection.pausedReason as 'user' | 'confirm-unlinks' }
      : {}),
    ...(connection.throttledUntil ? { throttledUntil: connection.throttledUntil.getTime() } : {}),
    ...(connection.lastError
      ? {
          lastError: {
            message: connection.lastError.message,
            at: Date.parse(connection.lastError.at),
            ...(connection.lastError.nextRetryAt
              ? { nextRetryAt: Date.parse(connection.lastError.nextRetryAt) }
              : {}),
          },
        }
      : {}),
  };
}

/** Stores an accepted transition; a refused one leaves the connection as it is. */
export async function moveTo(
  deps: Pick<EngineDeps, 'db'>,
  connection: Connection,
  transition: Transition,
  extra: Parameters<typeof updateConnection>[2] = {},
) {
  if (!transition.accepted) {
    if (Object.keys(extra).length > 0) await updateConnection(deps.db, connection.id, extra);
    return;
  }
  const s = transition.state;
  await updateConnection(deps.db, connection.id, {
    status: s.status,
    pausedReason: s.pausedReason ?? null,
    initialSyncDone: s.initialSyncDone,
    throttledUntil: s.throttledUntil ? new Date(s.throttledUntil) : null,
    lastError: s.lastError
      ? {
          message: s.lastError.message,
          at: new Date(s.lastError.at).toISOString(),
          ...(s.lastError.nextRetryAt
            ? { nextRetryAt: new Date(s.lastError.nextRetryAt).toISOString() }
            : {}),
        }
      : null,
    ...extra,
  });
}

async function finish(deps: EngineDeps, connectionId: string) {
  const connection = (await getConnection(deps.db, connectionId))!;
  const state = stateOf(connection);
  const transition = state.initialSyncDone ? runSucceeded(state) : initialSyncCompleted(state);
  const now = deps.now();
  await moveTo(deps, connection, transition, {
    lastSyncAt: new Date(now),
    nextSyncAt: new Date(now + deps.pollSeconds * 1000),
    failedAttempts: 0,
    // A confirmation covers the run it was given for, not later ones.
    unlinksConfirmed: false,
  });
}

/** The one place where a failed run becomes a connection state and a time for the next run. */
async function interrupt(deps: EngineDeps, connectionId: string, error: unknown) {
  const connection = (await getConnection(deps.db, connectionId))!;
  const state = stateOf(connection);
  const now = deps.now();
  const failure =
    error instanceof RunInterrupted ? error.error : error instanceof ProviderError ? error : undefined;
  const attempts = connection.failedAttempts + 1;
  if (failure && (failure.kind === 'auth-revoked' || failure.kind === 'missing-scope')) {
    await moveTo(deps, connection, authRevoked(state, now), { failedAttempts: attempts, nextSyncAt: null });
    return;
  }
  const retryAt =
    error instanceof RunInterrupted && error.retryAt ? error.retryAt : now + backoffMs(attempts);
  if (failure?.kind === 'throttled') {
    await moveTo(deps, connection, throttled(state, retryAt), {
      failedAttempts: attempts,
      nextSyncAt: new Date(retryAt),
    });
    return;
  }
  const reason = failure ? failure.message : 'an unexpected error stopped the run; it has been logged';
  await moveTo(deps, connection, temporaryFailure(state, { reason, at: now, nextRetryAt: retryAt }), {
    failedAttempts: attempts,
    nextSyncAt: new Date(retryAt),
  });
}

/** Between whole runs after failures: 1, 2, 4 … minutes, at most an hour. */
function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
