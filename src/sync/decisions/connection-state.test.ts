import { describe, expect, it } from 'vitest';
import {
  authRevoked,
  type ConnectionState,
  confirmed,
  connectionCreated,
  initialSyncCompleted,
  massUnlinkGuardTripped,
  paused,
  permanentFailure,
  reauthorized,
  resumed,
  runSucceeded,
  type Transition,
  temporaryFailure,
  throttled,
} from './connection-state.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const LATER = NOW + 60_000;
const EARLIER = NOW - 60_000;

const STATES = {
  initializing: connectionCreated(),
  running: { status: 'running', initialSyncDone: true },
  'paused by the user': { status: 'paused', pausedReason: 'user', initialSyncDone: true },
  'paused by the user mid-first-sync': { status: 'paused', pausedReason: 'user', initialSyncDone: false },
  'paused for unlink confirmation': {
    status: 'paused',
    pausedReason: 'confirm-unlinks',
    initialSyncDone: true,
  },
  'paused while a throttle holds': {
    status: 'paused',
    pausedReason: 'user',
    throttledUntil: LATER,
    initialSyncDone: true,
  },
  'paused after a throttle expired': {
    status: 'paused',
    pausedReason: 'user',
    throttledUntil: EARLIER,
    initialSyncDone: true,
  },
  'needing reauthorization': { status: 'needs-reauthorization', initialSyncDone: true },
  'needing reauthorization mid-first-sync': { status: 'needs-reauthorization', initialSyncDone: false },
  throttled: { status: 'throttled', throttledUntil: LATER, initialSyncDone: true },
  'throttled mid-first-sync': { status: 'throttled', throttledUntil: LATER, initialSyncDone: false },
  'in error': {
    status: 'error',
    lastError: { message: 'boom', at: EARLIER, nextRetryAt: LATER },
    initialSyncDone: true,
  },
  'in error mid-first-sync': {
    status: 'error',
    lastError: { message: 'boom', at: EARLIER, nextRetryAt: LATER },
    initialSyncDone: false,
  },
} satisfies Record<string, ConnectionState>;

type StateName = keyof typeof STATES;

const EVENTS = {
  'the initial sync completes': initialSyncCompleted,
  'a run succeeds': runSucceeded,
  'the user pauses': paused,
  'the user resumes': (s: ConnectionState) => resumed(s, NOW),
  'the authorization is revoked': (s: ConnectionState) => authRevoked(s, NOW),
  'the user reauthorizes': reauthorized,
  'the provider throttles': (s: ConnectionState) => throttled(s, LATER),
  'a temporary failure': (s: ConnectionState) =>
    temporaryFailure(s, { reason: 'provider unavailable', at: NOW, nextRetryAt: LATER }),
  'a permanent failure': (s: ConnectionState) => permanentFailure(s, { reason: 'bad data', at: NOW }),
  'the mass-unlink guard trips': massUnlinkGuardTripped,
  'the user confirms the unlinks': (s: ConnectionState) => confirmed(s, NOW),
} satisfies Record<string, (state: ConnectionState) => Transition>;

type EventName = keyof typeof EVENTS;

/** Expected next state (compared exactly), or the refusal's reason (a fragment). */
type Expected = { to: ConnectionState } | { refused: string };

const cases: [string, StateName, EventName, Expected][] = [
  [
    'finishing the first sync turns an initializing connection to running',
    'initializing',
    'the initial sync completes',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'the first sync cannot complete twice',
    'running',
    'the initial sync completes',
    { refused: 'already completed' },
  ],
  [
    'a first sync that finishes while paused is recorded and the connection stays paused',
    'paused by the user mid-first-sync',
    'the initial sync completes',
    { to: { status: 'paused', pausedReason: 'user', initialSyncDone: true } },
  ],
  [
    'a successful run of an unfinished first sync keeps it initializing',
    'initializing',
    'a run succeeds',
    { to: { status: 'initializing', initialSyncDone: false } },
  ],
  [
    'a successful run keeps a running connection running',
    'running',
    'a run succeeds',
    { to: STATES.running },
  ],
  [
    'a throttled connection runs again on the next success',
    'throttled',
    'a run succeeds',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'a success clears the error',
    'in error',
    'a run succeeds',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'a success after an error during the first sync goes back to initializing',
    'in error mid-first-sync',
    'a run succeeds',
    { to: { status: 'initializing', initialSyncDone: false } },
  ],
  [
    'a run that was already going when the user paused leaves the connection paused',
    'paused by the user',
    'a run succeeds',
    { to: STATES['paused by the user'] },
  ],
  [
    'no run succeeds while waiting for reauthorization',
    'needing reauthorization',
    'a run succeeds',
    { refused: 'without authorization' },
  ],
  [
    'the user can pause a running connection',
    'running',
    'the user pauses',
    { to: STATES['paused by the user'] },
  ],
  [
    'pausing a paused connection is refused',
    'paused for unlink confirmation',
    'the user pauses',
    { refused: 'already paused' },
  ],
  [
    'the user can pause while reauthorization is pending',
    'needing reauthorization',
    'the user pauses',
    { to: { status: 'paused', pausedReason: 'user', initialSyncDone: true } },
  ],
  [
    'resuming a running connection is refused',
    'running',
    'the user resumes',
    { refused: 'only a paused connection' },
  ],
  [
    'resuming goes back to running',
    'paused by the user',
    'the user resumes',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'resuming mid-first-sync goes back to initializing',
    'paused by the user mid-first-sync',
    'the user resumes',
    { to: { status: 'initializing', initialSyncDone: false } },
  ],
  [
    'resuming while the provider throttle still holds is throttled until then',
    'paused while a throttle holds',
    'the user resumes',
    { to: { status: 'throttled', throttledUntil: LATER, initialSyncDone: true } },
  ],
  [
    'resuming after the throttle expired runs',
    'paused after a throttle expired',
    'the user resumes',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'resuming from the guard without confirming lets the next run check the unlinks again',
    'paused for unlink confirmation',
    'the user resumes',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'a revoked authorization asks the user to reauthorize',
    'running',
    'the authorization is revoked',
    {
      to: {
        status: 'needs-reauthorization',
        initialSyncDone: true,
        lastError: { message: 'the provider rejected our authorization', at: NOW },
      },
    },
  ],
  [
    'a revoked authorization while throttled drops the throttle',
    'throttled',
    'the authorization is revoked',
    {
      to: {
        status: 'needs-reauthorization',
        initialSyncDone: true,
        lastError: { message: 'the provider rejected our authorization', at: NOW },
      },
    },
  ],
  [
    'a revoked authorization is recorded but a paused connection stays paused',
    'paused by the user',
    'the authorization is revoked',
    {
      to: {
        ...STATES['paused by the user'],
        lastError: { message: 'the provider rejected our authorization', at: NOW },
      },
    },
  ],
  [
    'a second revocation is refused',
    'needing reauthorization',
    'the authorization is revoked',
    { refused: 'already waiting' },
  ],
  [
    'reauthorizing after the first sync goes back to running',
    'needing reauthorization',
    'the user reauthorizes',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'reauthorizing before the first sync finished resumes initializing from the saved cursor',
    'needing reauthorization mid-first-sync',
    'the user reauthorizes',
    { to: { status: 'initializing', initialSyncDone: false } },
  ],
  [
    'reauthorizing a running connection is refused',
    'running',
    'the user reauthorizes',
    { refused: 'only a connection needing reauthorization' },
  ],
  [
    'a throttle answer makes the connection throttled until the given time',
    'running',
    'the provider throttles',
    { to: { status: 'throttled', throttledUntil: LATER, initialSyncDone: true } },
  ],
  [
    'a throttle during the first sync remembers the first sync is unfinished',
    'initializing',
    'the provider throttles',
    { to: { status: 'throttled', throttledUntil: LATER, initialSyncDone: false } },
  ],
  [
    'a throttle while paused is remembered and the connection stays paused',
    'paused by the user',
    'the provider throttles',
    { to: { ...STATES['paused by the user'], throttledUntil: LATER } },
  ],
  [
    'a temporary failure shows the error and when it retries',
    'running',
    'a temporary failure',
    {
      to: {
        status: 'error',
        initialSyncDone: true,
        lastError: { message: 'provider unavailable', at: NOW, nextRetryAt: LATER },
      },
    },
  ],
  [
    'a temporary failure while throttled replaces the throttle with the error',
    'throttled mid-first-sync',
    'a temporary failure',
    {
      to: {
        status: 'error',
        initialSyncDone: false,
        lastError: { message: 'provider unavailable', at: NOW, nextRetryAt: LATER },
      },
    },
  ],
  [
    'a failure while paused is recorded and the connection stays paused',
    'paused by the user',
    'a temporary failure',
    {
      to: {
        ...STATES['paused by the user'],
        lastError: { message: 'provider unavailable', at: NOW, nextRetryAt: LATER },
      },
    },
  ],
  [
    'a permanent failure shows the error with no automatic retry',
    'running',
    'a permanent failure',
    { to: { status: 'error', initialSyncDone: true, lastError: { message: 'bad data', at: NOW } } },
  ],
  [
    'a permanent failure keeps a guard pause waiting for confirmation',
    'paused for unlink confirmation',
    'a permanent failure',
    {
      to: { ...STATES['paused for unlink confirmation'], lastError: { message: 'bad data', at: NOW } },
    },
  ],
  [
    'a failure while waiting for reauthorization is refused: no run happens',
    'needing reauthorization',
    'a temporary failure',
    { refused: 'without authorization' },
  ],
  [
    'the mass-unlink guard pauses a running connection for confirmation',
    'running',
    'the mass-unlink guard trips',
    { to: STATES['paused for unlink confirmation'] },
  ],
  [
    'the mass-unlink guard clears the previous error',
    'in error',
    'the mass-unlink guard trips',
    { to: STATES['paused for unlink confirmation'] },
  ],
  [
    'the mass-unlink guard does not override a user pause',
    'paused by the user',
    'the mass-unlink guard trips',
    { refused: 'already paused' },
  ],
  [
    'confirming the unlinks runs again',
    'paused for unlink confirmation',
    'the user confirms the unlinks',
    { to: { status: 'running', initialSyncDone: true } },
  ],
  [
    'confirming when nothing waits for confirmation is refused',
    'paused by the user',
    'the user confirms the unlinks',
    { refused: 'nothing is waiting' },
  ],
  [
    'confirming on a running connection is refused',
    'running',
    'the user confirms the unlinks',
    { refused: 'nothing is waiting' },
  ],
];

describe('the connection state machine', () => {
  it.each(cases)('%s', (_name, from, event, expected) => {
    const result = EVENTS[event](STATES[from]);
    if ('to' in expected) {
      expect(result).toMatchObject({ accepted: true });
      if (result.accepted) expect(result.state).toStrictEqual(expected.to);
    } else {
      expect(result.accepted).toBe(false);
      expect(result.reason).toContain(expected.refused);
    }
    expect(result.reason).not.toBe('');
  });

  it('a new connection starts initializing, with the first sync not done', () => {
    expect(connectionCreated()).toStrictEqual({ status: 'initializing', initialSyncDone: false });
  });
});
