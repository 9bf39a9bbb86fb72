import type { Db } from '../db/database.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface ContactSyncView {
  state: 'linked' | 'pending' | 'not-synced';
  provider: string | null;
  remoteId: string | null;
}

/**
 * What another module (the sync) wants to know of contact writes, called inside the write's own
 * transaction so that whatever it records commits or rolls back with the change.
 */
export interface ContactHooks {
  changed(tx: Tx, ownerId: string, contactIds: string[]): Promise<void>;
  deleting(tx: Tx, ownerId: string, contactId: string): Promise<void>;
  /** The `sync` object of each contact, by contact id. */
  syncViews(ownerId: string, contactIds: string[]): Promise<Map<string, ContactSyncView>>;
}
