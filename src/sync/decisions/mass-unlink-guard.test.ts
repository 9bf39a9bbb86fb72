import { describe, expect, it } from 'vitest';
import { shouldPauseForUnlinks, type UnlinkGuardInput } from './mass-unlink-guard.ts';

describe('the mass-unlink guard', () => {
  const cases: [string, UnlinkGuardInput, boolean][] = [
    ['a run that unlinks nothing goes on', { linkedCount: 1_000, unlinkCount: 0 }, false],
    ['nothing linked never pauses', { linkedCount: 0, unlinkCount: 500 }, false],
    ['a small book may lose most of its contacts', { linkedCount: 40, unlinkCount: 30 }, false],
    ['unlinking exactly the minimum count is allowed', { linkedCount: 100, unlinkCount: 50 }, false],
    ['a big book may lose up to the share', { linkedCount: 10_000, unlinkCount: 2_000 }, false],
    [
      'a big book may lose more than the minimum while within the share',
      { linkedCount: 10_000, unlinkCount: 60 },
      false,
    ],
    ['more than the share and more than the minimum pauses', { linkedCount: 100, unlinkCount: 51 }, true],
    [
      'a lost local state that would unlink everything pauses',
      { linkedCount: 20_000, unlinkCount: 20_000 },
      true,
    ],
    ['one over the share of a big book pauses', { linkedCount: 10_000, unlinkCount: 2_001 }, true],
    ['a stricter share can be configured', { linkedCount: 1_000, unlinkCount: 60, maxShare: 0.05 }, true],
    ['a lower minimum can be configured', { linkedCount: 20, unlinkCount: 10, minCount: 5 }, true],
  ];

  it.each(cases)('%s', (_name, input, pause) => {
    const decision = shouldPauseForUnlinks(input);
    expect(decision.pause).toBe(pause);
    expect(decision.reason).not.toBe('');
  });

  it('the reason gives the counts, not contact data', () => {
    expect(shouldPauseForUnlinks({ linkedCount: 200, unlinkCount: 100 }).reason).toContain('100 of 200');
  });
});
