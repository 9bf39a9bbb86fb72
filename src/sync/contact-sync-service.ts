import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Contact } from '../contacts/model.ts';
import {
  findContactsByMatchKeys,
  getContact,
  prepareContact,
  replaceContact,
  toDraft,
} from '../contacts/repository.ts';
import { updateContact } from '../contacts/service.ts';
import { contacts, syncHistory, syncLinks } from '../db/schema.ts';
import { AppError } from '../server/errors.ts';
import { addToSyncOutcome, mergeSyncedFields } from './decisions/index.ts';
import { applySyncedFields } from './engine/field-writes.ts';
import type { SyncRuntime } from './sync-runtime.ts';
import {
  addHistory,
  countLinks,
  getConnectionByOwner,
  insertLinks,
  type Link,
  linksByContactIds,
} from './sync-store.ts';
import { type SyncedFieldName, syncedFieldsOf } from './synced-fields.ts';

export type AddToSyncOutcome =
  | { contactId: string; outcome: 'added' }
  | { contactId: string; outcome: 'linked-to-existing'; existingContactId: string }
  | { contactId: string; outcome: 'already-synced' }
  | { contactId: string; outcome: 'over-limit'; reason: string }
  | { contactId: string; outcome: 'not-syncable'; reason: string };

/**
 * Add to Sync (1–50 contacts): each becomes a pending create, committed with the run that will
 * write it, so a crash can neither lose it nor create it twice. A contact that is the same person
 * as one already synced is not created again; the answer names the synced one.
 */
export async function addToSync(
  runtime: SyncRuntime,
  ownerId: string,
  contactIds: string[],
): Promise<AddToSyncOutcome[]> {
  const connection = await getConnectionByOwner(runtime.db, ownerId);
  if (!connection) throw new AppError('sync_not_connected');
  const region = runtime.engineDeps().region;
  const limit = runtime.engineDeps().contactLimit;
  const unique = [...new Set(contactIds.map((id) => id.toLowerCase()))];
  return runtime.db.transaction(async (tx) => {
    const linked = new Set((await linksByContactIds(tx, ownerId, unique)).map((l) => l.contactId));
    let synced = await countLinks(tx, connection.id);
    const outcomes: AddToSyncOutcome[] = [];
    const adds: string[] = [];
    for (const contactId of unique) {
      const outcome = await decideAdd(tx, { ownerId, contactId, linked, region, synced, limit });
      outcomes.push(outcome);
      if (outcome.outcome === 'added') {
        adds.push(contactId);
        synced += 1;
      }
    }
    await insertLinks(
      tx,
      adds.map((contactId) => ({ ownerId, contactId, connectionId: connection.id, state: 'pending-create' })),
    );
    await addHistory(
      tx,
      ownerId,
      adds.map((contactId) => ({
        contactId,
        runId: null,
        side: 'crm',
        field: null,
        action: 'added-to-sync',
      })),
    );
    if (adds.length > 0) await runtime.enqueueRun(connection.id, { tx });
    return outcomes;
  });
}

type Tx = Parameters<Parameters<SyncRuntime['db']['transaction']>[0]>[0];

async function decideAdd(
  tx: Tx,
  input: {
    ownerId: string;
    contactId: string;
    linked: Set<string>;
    region: string;
    synced: number;
    limit: number;
  },
): Promise<AddToSyncOutcome> {
  const { ownerId, contactId } = input;
  if (!/^[0-9a-f-]{36}$/.test(contactId))
    return { contactId, outcome: 'not-syncable', reason: 'No such contact.' };
  let contact: Awaited<ReturnType<typeof getContact>>;
  try {
    contact = await getContact(tx, ownerId, contactId);
  } catch {
    return { contactId, outcome: 'not-syncable', reason: 'No such contact.' };
  }
  if (input.linked.has(contactId)) return { contactId, outcome: 'already-synced' };
  if (
    !contact.firstName &&
    !contact.lastName &&
    !contact.company &&
    contact.emails.length + contact.phones.length === 0
  ) {
    return {
      contactId,
      outcome: 'not-syncable',
      reason: 'The contact has no name, company, email or phone.',
    };
  }
  const keys = prepareContact(contact, input.region).keys;
  const matches = [
    ...new Set([...(await findContactsByMatchKeys(tx, ownerId, keys)).values()].flat()),
  ].filter((id) => id !== contactId);
  const [syncedMatch] = await linksByContactIds(tx, ownerId, matches);
  if (syncedMatch) return takeOverLink(tx, input.region, contact, syncedMatch);
  const limit = addToSyncOutcome({ alreadySynced: input.synced, pendingAdds: 1, limit: input.limit });
  if (limit.outcome === 'over-limit') return { contactId, outcome: 'over-limit', reason: limit.reason };
  return { contactId, outcome: 'added' };
}

/**
 * The same person is already synced, as a contact the sync itself created from the remote book:
 * this contact takes over that link (no remote copy is made), absorbs the synced values the other
 * had, and the sync-made duplicate goes. A duplicate the user made is never deleted.
 */
async function takeOverLink(tx: Tx, region: string, contact: Contact, link: Link): Promise<AddToSyncOutcome> {
  const other = await getContact(tx, link.ownerId, link.contactId);
  const connection = await getConnectionByOwner(tx, link.ownerId);
  if (other.type !== connection?.provider) {
    return {
      contactId: contact.id,
      outcome: 'not-syncable',
      reason: 'The same person is already synced as another contact.',
    };
  }
  const merged = mergeSyncedFields({
    base: null,
    crm: syncedFieldsOf(contact),
    remote: syncedFieldsOf(other),
    crmChangedAt: Date.parse(contact.updatedAt),
    remoteChangedAt: Date.parse(other.updatedAt),
    region,
  });
  const updated = await replaceContact(
    tx,
    link.ownerId,
    contact.id,
    applySyncedFields(toDraft(contact), merged.merged),
    region,
  );
  await tx.delete(contacts).where(and(eq(contacts.ownerId, link.ownerId), eq(contacts.id, other.id)));
  await tx.insert(syncLinks).values({
    ...link,
    contactId: contact.id,
    syncedVersion: updated.version,
    needsPush: merged.remoteNeedsUpdate,
    updatedAt: new Date(),
  });
  await addHistory(tx, link.ownerId, [
    {
      contactId: contact.id,
      runId: null,
      side: 'sync',
      field: null,
      action: 'linked',
      oldValue: { replacedContactId: other.id },
      newValue: { remoteId: link.remoteId },
    },
  ]);
  return { contactId: contact.id, outcome: 'linked-to-existing', existingContactId: other.id };
}

export async function contactHistory(runtime: SyncRuntime, ownerId: string, contactId: string) {
  await getContact(runtime.db, ownerId, contactId);
  const rows = await runtime.db
    .select()
    .from(syncHistory)
    .where(and(eq(syncHistory.ownerId, ownerId), eq(syncHistory.contactId, contactId)))
    .orderBy(desc(syncHistory.at))
    .limit(500);
  return rows.map(({ ownerId: _o, ...entry }) => ({
    ...entry,
    at: entry.at.toISOString(),
    restoredAt: entry.restoredAt?.toISOString() ?? null,
  }));
}

/** One click restores a value that lost a conflict: it becomes a CRM edit, which the sync pushes. */
export async function restoreFromHistory(
  runtime: SyncRuntime,
  ownerId: string,
  contactId: string,
  entryId: string,
) {
  const [entry] = await runtime.db
    .select()
    .from(syncHistory)
    .where(
      and(
        eq(syncHistory.ownerId, ownerId),
        eq(syncHistory.contactId, contactId),
        eq(syncHistory.id, entryId),
      ),
    );
  if (!entry) throw new AppError('not_found');
  if (!entry.restorable || entry.restoredAt || !entry.field) {
    throw new AppError(
      'sync_invalid_state',
      'This history entry has no value to restore, or it was restored already.',
    );
  }
  const contact = await getContact(runtime.db, ownerId, contactId);
  const patch = patchFor(entry.field as SyncedFieldName, entry.oldValue, contact.addresses);
  const updated = await updateContact(runtime.db, ownerId, contactId, patch, runtime.engineDeps().region);
  await runtime.db
    .update(syncHistory)
    .set({ restoredAt: new Date(runtime.now()) })
    .where(
      and(eq(syncHistory.ownerId, ownerId), eq(syncHistory.id, entryId), isNull(syncHistory.restoredAt)),
    );
  await addHistory(runtime.db, ownerId, [
    {
      contactId,
      runId: null,
      side: 'crm',
      field: entry.field,
      action: 'restored',
      oldValue: entry.newValue,
      newValue: entry.oldValue,
    },
  ]);
  await runtime.contactsChanged(runtime.db, ownerId, [contactId]);
  return updated;
}

function patchFor(
  field: SyncedFieldName,
  value: unknown,
  addresses: { label: string }[],
): Record<string, unknown> {
  if (field === 'homeAddress') {
    const others = addresses.filter((a) => a.label !== 'home');
    return { addresses: value ? [{ label: 'home', ...(value as object) }, ...others] : others };
  }
  return { [field]: value };
}
