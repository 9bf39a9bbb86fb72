/** PRODUCT.md "Limit": at most this many synced contacts per user. */
export const SYNCED_CONTACT_LIMIT = 20_000;

export interface AdmitResult {
  /** How many of the candidates may become synced contacts. */
  admit: number;
  /** How many are left out and counted in the summary. */
  leftOut: number;
  reason: string;
}

/**
 * How many new remote contacts a pull may bring in. The first ones listed are admitted, so a book
 * over the limit syncs its first 20,000 and reports the rest.
 */
export function admitRemoteContacts(input: {
  /** Contacts already synced, pending creates included. */
  alreadySynced: number;
  limit?: number;
  candidates: number;
}): AdmitResult {
  const limit = input.limit ?? SYNCED_CONTACT_LIMIT;
  const room = Math.max(0, limit - input.alreadySynced);
  const candidates = Math.max(0, input.candidates);
  const admit = Math.min(candidates, room);
  const leftOut = candidates - admit;
  if (leftOut === 0) return { admit, leftOut, reason: `all ${candidates} fit under the limit of ${limit}` };
  return { admit, leftOut, reason: `${leftOut} left out: the limit of ${limit} synced contacts is reached` };
}

export type AddToSyncOutcome = 'ok' | 'over-limit';

/**
 * Whether one Add to Sync fits. `pendingAdds` counts the adds of this request up to and including
 * this one, so a bulk request is refused per contact, past the limit only.
 */
export function addToSyncOutcome(input: { alreadySynced: number; pendingAdds: number; limit?: number }): {
  outcome: AddToSyncOutcome;
  reason: string;
} {
  const limit = input.limit ?? SYNCED_CONTACT_LIMIT;
  const total = input.alreadySynced + input.pendingAdds;
  if (total <= limit) return { outcome: 'ok', reason: `${total} of ${limit} synced contacts` };
  return {
    outcome: 'over-limit',
    reason: `refused: syncing it would make ${total} synced contacts, over the limit of ${limit}`,
  };
}
