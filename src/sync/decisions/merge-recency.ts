export type Side = 'crm' | 'remote';

/** When each side last changed the contact, in milliseconds since the epoch; null when unknown. */
export interface ChangeTimes {
  crmChangedAt: number | null;
  remoteChangedAt: number | null;
}

export interface Recency {
  winner: Side;
  /** Why that side wins, for the decision's reason. */
  why: string;
}

/**
 * PRODUCT.md: when both sides changed the same value, the most recent change wins. An unknown time
 * counts as older than a known one; a tie goes to the CRM, where the user is looking.
 */
export function newerSide({ crmChangedAt, remoteChangedAt }: ChangeTimes): Recency {
  if (crmChangedAt === null && remoteChangedAt === null) {
    return { winner: 'crm', why: 'neither change time is known, so the CRM wins the tie' };
  }
  if (remoteChangedAt === null)
    return { winner: 'crm', why: 'the CRM change is the only one with a known time' };
  if (crmChangedAt === null) {
    return { winner: 'remote', why: 'the remote change is the only one with a known time' };
  }
  if (crmChangedAt === remoteChangedAt)
    return { winner: 'crm', why: 'both changed at the same time: CRM wins ties' };
  return crmChangedAt > remoteChangedAt
    ? { winner: 'crm', why: 'the CRM change is more recent' }
    : { winner: 'remote', why: 'the remote change is more recent' };
}
