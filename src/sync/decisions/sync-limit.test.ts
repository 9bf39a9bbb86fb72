import { describe, expect, it } from 'vitest';
import { type AddToSyncOutcome, addToSyncOutcome, admitRemoteContacts } from './sync-limit.ts';

describe('the synced-contact limit on a pull', () => {
  const cases: [string, Parameters<typeof admitRemoteContacts>[0], { admit: number; leftOut: number }][] = [
    [
      'a first sync under the limit brings everything in',
      { alreadySynced: 0, candidates: 8_000 },
      { admit: 8_000, leftOut: 0 },
    ],
    [
      'a remote book over the limit syncs the first 20,000 and counts the rest',
      { alreadySynced: 0, candidates: 25_000 },
      { admit: 20_000, leftOut: 5_000 },
    ],
    ['only the room left is admitted', { alreadySynced: 19_990, candidates: 25 }, { admit: 10, leftOut: 15 }],
    ['a full book admits nothing', { alreadySynced: 20_000, candidates: 3 }, { admit: 0, leftOut: 3 }],
    [
      'a book already past a lowered limit admits nothing',
      { alreadySynced: 120, limit: 100, candidates: 2 },
      { admit: 0, leftOut: 2 },
    ],
    ['no candidates, nothing to admit', { alreadySynced: 20_000, candidates: 0 }, { admit: 0, leftOut: 0 }],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const result = admitRemoteContacts(input);
    expect({ admit: result.admit, leftOut: result.leftOut }).toEqual(expected);
    expect(result.reason).not.toBe('');
  });
});

describe('the synced-contact limit on Add to Sync', () => {
  const cases: [string, Parameters<typeof addToSyncOutcome>[0], AddToSyncOutcome][] = [
    ['adding under the limit is allowed', { alreadySynced: 100, pendingAdds: 1 }, 'ok'],
    ['the add that reaches the limit exactly is allowed', { alreadySynced: 19_950, pendingAdds: 50 }, 'ok'],
    ['the first add past the limit is refused', { alreadySynced: 19_950, pendingAdds: 51 }, 'over-limit'],
    ['a full book refuses any add', { alreadySynced: 20_000, pendingAdds: 1 }, 'over-limit'],
    ['a configured limit applies', { alreadySynced: 9, pendingAdds: 2, limit: 10 }, 'over-limit'],
  ];

  it.each(cases)('%s', (_name, input, outcome) => {
    const result = addToSyncOutcome(input);
    expect(result.outcome).toBe(outcome);
    expect(result.reason).not.toBe('');
  });
});
