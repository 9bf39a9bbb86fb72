// What a sync history entry can say, free of any dependency so that the web UI shares it with the
// API: a new action or side must be given its words there, or the UI does not compile.

export type HistoryAction =
  | 'created-from-remote'
  | 'linked'
  | 'unlinked-remote-deleted'
  | 'reimported'
  | 'applied-remote'
  | 'pushed-crm'
  | 'conflict-lost'
  | 'added-to-sync'
  | 'created-in-provider'
  | 'restored';

/** Who made the change an entry records: the CRM (a user), the address book, or the sync itself. */
export type HistorySide = 'crm' | 'remote' | 'sync';
