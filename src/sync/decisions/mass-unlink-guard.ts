export interface UnlinkGuardInput {
  /** Contacts linked on this connection before the run. */
  linkedCount: number;
  /** Links this run would remove. */
  unlinkCount: number;
  /** The share of linked contacts a run may unlink without asking (default 0.2). */
  maxShare?: number;
  /** A run may always unlink this many without asking, so small books can delete a few (default 50). */
  minCount?: number;
}

export const DEFAULT_UNLINK_GUARD = { maxShare: 0.2, minCount: 50 } as const;

/**
 * "Never deletes in bulk by accident" (PRODUCT.md): a run that would unlink more than the share AND
 * more than the minimum stops and asks. Both must hold, so that a book of 20 can lose 10 contacts
 * and a book of 100,000 can lose 60 without a question.
 */
export function shouldPauseForUnlinks(input: UnlinkGuardInput): { pause: boolean; reason: string } {
  const maxShare = input.maxShare ?? DEFAULT_UNLINK_GUARD.maxShare;
  const minCount = input.minCount ?? DEFAULT_UNLINK_GUARD.minCount;
  const { linkedCount, unlinkCount } = input;
  if (linkedCount <= 0)
    return { pause: false, reason: 'nothing is linked, so nothing can be unlinked in bulk' };
  if (unlinkCount <= 0) return { pause: false, reason: 'this run unlinks nothing' };
  const share = unlinkCount / linkedCount;
  const counts = `${unlinkCount} of ${linkedCount} linked contacts (${formatShare(share)})`;
  if (unlinkCount <= minCount) {
    return { pause: false, reason: `${counts}: not more than ${minCount}, always allowed` };
  }
  if (share <= maxShare) {
    return { pause: false, reason: `${counts}: within the allowed ${formatShare(maxShare)}` };
  }
  return {
    pause: true,
    reason: `${counts}: more than ${formatShare(maxShare)} and more than ${minCount}; pause and ask the user`,
  };
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
