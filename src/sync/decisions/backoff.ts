import type { ProviderErrorKind } from '../../providers/provider.ts';

export interface RetryInput {
  kind: ProviderErrorKind;
  /** How many attempts have failed so far, this one included (1 after the first failure). */
  attempt: number;
  /** What the provider's Retry-After (or equivalent) asked for, in milliseconds. */
  retryAfterMs?: number;
  /** Milliseconds since the epoch. */
  now: number;
  /** Uniform in [0, 1): injected so the jitter is deterministic in tests. */
  random: () => number;
  /** First backoff ceiling, in milliseconds (default 1 s). */
  baseMs?: number;
  /** Largest wait between attempts, in milliseconds (default 5 min). */
  capMs?: number;
  /** Temporary failures tried this many times before the run gives up (default 6). */
  maxAttempts?: number;
}

export type RetryAction = 'retry' | 'reauthorize' | 'restart-full-sync' | 'reread-and-merge' | 'give-up';

export interface RetryDecision {
  action: RetryAction;
  /**
   * When to try again, in milliseconds since the epoch. On 'give-up' it is set when the whole run
   * gave up (the connection shows Error and runs again then) and absent when only one item is
   * skipped.
   */
  at?: number;
  reason: string;
}

export const DEFAULT_RETRY = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 6 } as const;

/**
 * The one place that turns a classified provider error into what to do next (STYLE.md habit 5).
 * Waiting kinds back off; the others never wait, and none of them deletes anything.
 */
export function nextRetry(input: RetryInput): RetryDecision {
  switch (input.kind) {
    case 'temporary':
      return retryTemporary(input);
    case 'throttled':
      return retryThrottled(input);
    case 'auth-revoked':
      return {
        action: 'reauthorize',
        reason: 'the provider revoked our authorization: ask the user; nothing is deleted',
      };
    case 'missing-scope':
      return {
        action: 'reauthorize',
        reason: 'the grant lacks a scope we need: ask the user; nothing is deleted',
      };
    case 'cursor-expired':
      return {
        action: 'restart-full-sync',
        reason: 'the sync cursor expired: list everything again from the start',
      };
    case 'conflict':
      return {
        action: 'reread-and-merge',
        reason: 'the remote changed since we read it: re-read, merge, write again',
      };
    case 'not-found':
      return { action: 'give-up', reason: 'the remote contact no longer exists: skip this item' };
    case 'invalid-data':
      return { action: 'give-up', reason: 'the provider rejected this contact as invalid: skip this item' };
  }
}

function retryTemporary(input: RetryInput): RetryDecision {
  const { capMs, maxAttempts } = settings(input);
  if (input.attempt >= maxAttempts) {
    return {
      action: 'give-up',
      at: input.now + Math.max(capMs, input.retryAfterMs ?? 0),
      reason: `still failing after ${input.attempt} attempts: stop this run and retry at the cap`,
    };
  }
  const delayMs = Math.max(jitteredDelayMs(input), input.retryAfterMs ?? 0);
  return {
    action: 'retry',
    at: input.now + delayMs,
    reason: `temporary failure, attempt ${input.attempt}: back off`,
  };
}

/** Throttling is the provider pacing us, not a failure: it never gives up. */
function retryThrottled(input: RetryInput): RetryDecision {
  if (input.retryAfterMs !== undefined) {
    return {
      action: 'retry',
      at: input.now + Math.max(0, input.retryAfterMs),
      reason: 'throttled: wait exactly as long as Retry-After asked, never less',
    };
  }
  // Calling again at once after a 429 only earns another one, so wait at least the base delay.
  const delayMs = Math.max(settings(input).baseMs, jitteredDelayMs(input));
  return { action: 'retry', at: input.now + delayMs, reason: 'throttled without Retry-After: back off' };
}

/** Truncated exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(attempt-1))). */
function jitteredDelayMs(input: RetryInput): number {
  const { baseMs, capMs } = settings(input);
  const exponent = Math.max(0, Math.floor(input.attempt) - 1);
  const ceilingMs = Math.min(capMs, baseMs * 2 ** Math.min(exponent, 52));
  const random = Math.min(Math.max(input.random(), 0), 1);
  return Math.floor(random * ceilingMs);
}

function settings(input: RetryInput) {
  return {
    baseMs: input.baseMs ?? DEFAULT_RETRY.baseMs,
    capMs: input.capMs ?? DEFAULT_RETRY.capMs,
    maxAttempts: input.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
  };
}
