// What a sync history entry can say, free of any dependency so that the web UI shares it with the
// API: a new action or side must be given its words there, or the UI does not compile.

export const HISTORY_ACTIONS = [
  'created-from-remote',
  'linked',
  'unlinked-remote-deleted',
  'reimported',
  'applied-remote',
  'pushed-crm',
  'conflict-lost',
  'added-to-sync',
  'created-in-provider',
  'restored',
] as const;

/** Who made the change an entry records: the CRM (a user), the address book, or the sync itself. */
export const HISTORY_SIDES = ['crm', 'remote', 'sync'] as const;

export type HistoryAction = (typeof HISTORY_ACTIONS)[number];
export type HistorySide = (typeof HISTORY_SIDES)[number];
