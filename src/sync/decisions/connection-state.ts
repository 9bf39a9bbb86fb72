/**
 * The connection's state machine (PRODUCT.md "Connecting", ARCHITECTURE.md "Rules that make it
 * safe"): one function per event. Each returns the next state, or a refusal that says why the event
 * does not apply; the caller keeps the current state on a refusal. Times are milliseconds since the
 * epoch and always passed in.
 */

export type ConnectionStatus =
  | 'initializing'
  | 'running'
  | 'paused'
  | 'needs-reauthorization'
  | 'throttled'
  | 'error';

/** Paused by the user, or by the mass-unlink guard until the user confirms the unlinks. */
export type PauseReason = 'user' | 'confirm-unlinks';

export interface ConnectionError {
  message: string;
  at: number;
  /** Absent for a permanent failure: only the user (Sync now) starts the next run. */
  nextRetryAt?: number;
}

export interface ConnectionState {
  status: ConnectionStatus;
  pausedReason?: PauseReason;
  /** The provider asked us not to call before this time; kept through a pause. */
  throttledUntil?: number;
  lastError?: ConnectionError;
  /** The first full listing has finished; until then a run resumes it from the saved cursor. */
  initialSyncDone: boolean;
}

export type Transition =
  | { accepted: true; state: ConnectionState; reason: string }
  | { accepted: false; reason: string };

/** A new connection: the first sync is about to run. */
export function connectionCreated(): ConnectionState {
  return { status: 'initializing', initialSyncDone: false };
}

export function initialSyncCompleted(state: ConnectionState): Transition {
  if (state.initialSyncDone) return refuse('the initial sync had already completed');
  if (state.status === 'needs-reauthorization') return refuse('no run can finish without authorization');
  if (state.status === 'paused') {
    return accept(
      { ...state, initialSyncDone: true },
      'the initial sync finished; the connection stays paused',
    );
  }
  return accept(active({ ...state, initialSyncDone: true }), 'the initial sync finished: changes now flow');
}

export function runSucceeded(state: ConnectionState): Transition {
  if (state.status === 'needs-reauthorization') return refuse('no run can succeed without authorization');
  if (state.status === 'paused') {
    return accept(withoutError(state), 'a run that started before the pause finished; still paused');
  }
  const next = active(state);
  return accept(next, `a run succeeded: ${next.status}`);
}

/** The user paused the connection. */
export function paused(state: ConnectionState): Transition {
  if (state.status === 'paused') return refuse(`already paused (${state.pausedReason ?? 'user'})`);
  return accept({ ...state, status: 'paused', pausedReason: 'user' }, 'paused by the user');
}

/**
 * The user resumed. From a guard pause this resumes without confirming: the next run counts its
 * unlinks again and pauses again if they are still too many.
 */
export function resumed(state: ConnectionState, now: number): Transition {
  if (state.status !== 'paused')
    return refuse(`only a paused connection can be resumed (it is ${state.status})`);
  const next = active(state, now);
  return accept(next, `resumed: ${next.status}`);
}

export function authRevoked(state: ConnectionState, at: number): Transition {
  if (state.status === 'needs-reauthorization') return refuse('already waiting for reauthorization');
  const lastError = { message: 'the provider rejected our authorization', at };
  if (state.status === 'paused') return accept({ ...state, lastError }, 'authorization lost while paused');
  const { pausedReason: _p, throttledUntil: _t, ...rest } = state;
  return accept(
    { ...rest, status: 'needs-reauthorization', lastError },
    'the provider rejected our refresh token: waiting for the user to reauthorize; nothing is deleted',
  );
}

export function reauthorized(state: ConnectionState): Transition {
  if (state.status !== 'needs-reauthorization') {
    return refuse(`only a connection needing reauthorization can be reauthorized (it is ${state.status})`);
  }
  const next = active(state);
  const resumesFirstSync = next.status === 'initializing' ? ': the initial sync resumes from its cursor' : '';
  return accept(next, `reauthorized${resumesFirstSync}`);
}

export function throttled(state: ConnectionState, until: number): Transition {
  if (state.status === 'needs-reauthorization')
    return refuse('no call reaches the provider without authorization');
  if (state.status === 'paused') {
    return accept({ ...state, throttledUntil: until }, 'throttled while paused; still paused');
  }
  return accept(
    { ...state, status: 'throttled', throttledUntil: until },
    'the provider asked us to slow down',
  );
}

export function temporaryFailure(
  state: ConnectionState,
  failure: { reason: string; at: number; nextRetryAt: number },
): Transition {
  const lastError = { message: failure.reason, at: failure.at, nextRetryAt: failure.nextRetryAt };
  return failed(state, lastError, 'a run failed; it will be retried');
}

export function permanentFailure(
  state: ConnectionState,
  failure: { reason: string; at: number },
): Transition {
  const lastError = { message: failure.reason, at: failure.at };
  return failed(state, lastError, 'a run failed and will not be retried by itself');
}

/** A run would unlink too many contacts: stop and ask the user (ARCHITECTURE.md safety rules). */
export function massUnlinkGuardTripped(state: ConnectionState): Transition {
  if (state.status === 'needs-reauthorization') return refuse('no run happens without authorization');
  if (state.status === 'paused') {
    return refuse('already paused; the next run after resuming checks the unlinks again');
  }
  return accept(
    { ...withoutError(state), status: 'paused', pausedReason: 'confirm-unlinks' },
    'a run would unlink too many contacts: paused until the user confirms',
  );
}

/** The user confirmed the unlinks the guard stopped. */
export function confirmed(state: ConnectionState, now: number): Transition {
  if (state.status !== 'paused' || state.pausedReason !== 'confirm-unlinks') {
    return refuse('nothing is waiting for confirmation');
  }
  const next = active(state, now);
  return accept(next, `unlinks confirmed: ${next.status}`);
}

function failed(state: ConnectionState, lastError: ConnectionError, what: string): Transition {
  if (state.status === 'needs-reauthorization') return refuse('no run happens without authorization');
  // A paused connection starts no run, so a late failure only records what went wrong.
  if (state.status === 'paused') return accept({ ...state, lastError }, `${what}; still paused`);
  const { throttledUntil: _t, ...rest } = state;
  return accept({ ...rest, status: 'error', lastError }, what);
}

/**
 * Running, or initializing while the first full listing is unfinished; throttled instead when a
 * known throttle still holds at `now`. Pause, throttle and error details are dropped.
 */
function active(state: ConnectionState, now?: number): ConnectionState {
  const base = { initialSyncDone: state.initialSyncDone };
  if (now !== undefined && state.throttledUntil !== undefined && state.throttledUntil > now) {
    return { ...base, status: 'throttled', throttledUntil: state.throttledUntil };
  }
  return { ...base, status: state.initialSyncDone ? 'running' : 'initializing' };
}

function withoutError(state: ConnectionState): ConnectionState {
  const { lastError: _dropped, ...rest } = state;
  return rest;
}

function accept(state: ConnectionState, reason: string): Transition {
  return { accepted: true, state, reason };
}

function refuse(reason: string): Transition {
  return { accepted: false, reason };
}
