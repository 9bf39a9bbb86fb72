import { describe, expect, it } from 'vitest';
import type { ProviderErrorKind } from '../../providers/provider.ts';
import { nextRetry, type RetryDecision, type RetryInput } from './backoff.ts';

const NOW = 1_700_000_000_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

function input(kind: ProviderErrorKind, overrides: Partial<RetryInput> = {}): RetryInput {
  return { kind, attempt: 1, now: NOW, random: () => 0.5, ...overrides };
}

describe('what to do after a provider error', () => {
  const cases: [string, RetryInput, Omit<RetryDecision, 'reason'>][] = [
    [
      'a first temporary failure waits a jittered share of the 1 s base',
      input('temporary', { attempt: 1, random: () => 0.5 }),
      { action: 'retry', at: NOW + 500 },
    ],
    [
      'each further temporary failure doubles the ceiling the jitter draws from',
      input('temporary', { attempt: 4, random: () => 0.5 }),
      { action: 'retry', at: NOW + 4 * SECOND },
    ],
    [
      'full jitter may retry at once when the draw is zero',
      input('temporary', { attempt: 3, random: () => 0 }),
      { action: 'retry', at: NOW },
    ],
    [
      'the backoff is truncated at the 5 min cap',
      input('temporary', { attempt: 5, random: () => 0.999, baseMs: 100 * SECOND }),
      { action: 'retry', at: NOW + Math.floor(0.999 * 5 * MINUTE) },
    ],
    [
      'a temporary failure with Retry-After waits at least that long',
      input('temporary', { attempt: 1, retryAfterMs: 30 * SECOND }),
      { action: 'retry', at: NOW + 30 * SECOND },
    ],
    [
      'after the last attempt the run gives up and the connection retries at the cap',
      input('temporary', { attempt: 6 }),
      { action: 'give-up', at: NOW + 5 * MINUTE },
    ],
    [
      'the number of attempts before giving up can be set',
      input('temporary', { attempt: 2, maxAttempts: 2, capMs: MINUTE }),
      { action: 'give-up', at: NOW + MINUTE },
    ],
    [
      'a throttle with Retry-After is honoured exactly, never earlier',
      input('throttled', { retryAfterMs: 42 * SECOND, random: () => 0 }),
      { action: 'retry', at: NOW + 42 * SECOND },
    ],
    [
      'a Retry-After longer than the cap is still honoured',
      input('throttled', { retryAfterMs: 10 * MINUTE }),
      { action: 'retry', at: NOW + 10 * MINUTE },
    ],
    [
      'a throttle without Retry-After backs off exponentially',
      input('throttled', { attempt: 3, random: () => 0.5 }),
      { action: 'retry', at: NOW + 2 * SECOND },
    ],
    [
      'a throttle without Retry-After never retries sooner than the base delay',
      input('throttled', { attempt: 1, random: () => 0 }),
      { action: 'retry', at: NOW + SECOND },
    ],
    [
      'throttling never gives up, however many attempts',
      input('throttled', { attempt: 50, random: () => 0.5 }),
      { action: 'retry', at: NOW + 2.5 * MINUTE },
    ],
    [
      'a revoked authorization asks the user to reauthorize',
      input('auth-revoked'),
      { action: 'reauthorize' },
    ],
    ['a missing scope asks the user to reauthorize', input('missing-scope'), { action: 'reauthorize' }],
    ['an expired cursor restarts a full listing', input('cursor-expired'), { action: 'restart-full-sync' }],
    ['an etag conflict re-reads and merges', input('conflict'), { action: 'reread-and-merge' }],
    ['a contact that no longer exists is skipped', input('not-found'), { action: 'give-up' }],
    ['a contact the provider rejects as invalid is skipped', input('invalid-data'), { action: 'give-up' }],
  ];

  it.each(cases)('%s', (_name, given, expected) => {
    const decision = nextRetry(given);
    expect(decision).toStrictEqual({ ...expected, reason: decision.reason });
    expect(decision.reason).not.toBe('');
  });

  it.each([
    'auth-revoked',
    'missing-scope',
    'cursor-expired',
    'conflict',
    'not-found',
    'invalid-data',
  ] as const)('a %s error never waits for a retry time', (kind) => {
    expect(nextRetry(input(kind)).at).toBeUndefined();
  });

  it('the same random draws give the same decision', () => {
    const draws = () => {
      let n = 0;
      return () => [0.1, 0.7, 0.3][n++ % 3] ?? 0;
    };
    const run = (random: () => number) =>
      [1, 2, 3].map((attempt) => nextRetry(input('temporary', { attempt, random })).at);
    expect(run(draws())).toEqual(run(draws()));
  });
});
