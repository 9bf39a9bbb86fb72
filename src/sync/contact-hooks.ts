import { and, eq, inArray } from 'drizzle-orm';
import type { ContactHooks, ContactSyncView } from '../contacts/contact-hooks.ts';
import { syncConnections, syncLinks } from '../db/schema.ts';
import type { SyncRuntime } from './sync-runtime.ts';
import { addTombstone, getConnectionByOwner, linksByContactIds } from './sync-store.ts';

/** How the contacts module tells the sync of CRM writes, and shows each contact's sync state. */
export function syncContactHooks(runtime: SyncRuntime): ContactHooks {
  return {
    changed: (tx, ownerId, contactIds) => runtime.contactsChanged(tx, ownerId, contactIds),

    /**
     * PRODUCT.md: deleting a synced contact in the CRM leaves the remote copy; a tombstone with the
     * remote etag lets a later remote edit bring it back.
     */
    async deleting(tx, ownerId, contactId) {
      const [link] = await linksByContactIds(tx, ownerId, [contactId]);
      if (!link?.remoteId) return;
      const connection = await getConnectionByOwner(tx, ownerId);
      if (connection) await addTombstone(tx, connection, link.remoteId, link.remoteEtag ?? '');
    },

    async syncViews(ownerId, contactIds) {
      const rows = await runtime.db
        .select({
          contactId: syncLinks.contactId,
          state: syncLinks.state,
          remoteId: syncLinks.remoteId,
          provider: syncConnections.provider,
        })
        .from(syncLinks)
        .innerJoin(syncConnections, eq(syncConnections.id, syncLinks.connectionId))
        .where(and(eq(syncLinks.ownerId, ownerId), inArray(syncLinks.contactId, contactIds)));
      return new Map<string, ContactSyncView>(
        rows.map((r) => [
          r.contactId,
          { state: r.state === 'linked' ? 'linked' : 'pending', provider: r.provider, remoteId: r.remoteId },
        ]),
      );
    },
  };
}
