import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import {
  findContactsByMatchKeys,
  getContact,
  insertPrepared,
  type PreparedContact,
  prepareContact,
  replaceContact,
  toDraft,
} from '../../contacts/repository.ts';
import type { Db } from '../../db/database.ts';
import { syncLinks } from '../../db/schema.ts';
import { type ListPage, ProviderError, type RemoteContact } from '../../providers/provider.ts';
import { decideRemoteContact, mergeSyncedFields, shouldPauseForUnlinks } from '../decisions/index.ts';
import {
  addHistory,
  type Connection,
  clearLeftOut,
  countLinks,
  deleteLink,
  deleteTombstones,
  type HistoryEntry,
  insertLinks,
  type Link,
  linksByContactIds,
  linksByRemoteIds,
  tombstonesFor,
  updateConnection,
  updateLeftOut,
  updateLink,
} from '../sync-store.ts';
import { type SyncedFields, syncedFieldsOf } from '../synced-fields.ts';
import type { EngineDeps } from './engine-deps.ts';
import { applySyncedFields, draftFromRemote } from './field-writes.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface PullSummary {
  pages: number;
  created: number;
  merged: number;
  linked: number;
  unlinked: number;
  leftOut: number;
  fullListingCompleted: boolean;
  /** The unlink guard tripped: the run stops and the connection waits for the user. */
  needsConfirmation: boolean;
}

/**
 * The pull stage: remote changes since the cursor (or a full listing), page by page. Each page is
 * applied in one transaction together with the cursor that follows it, so a crash resumes at the
 * next page and never applies a page twice.
 */
export async function pull(deps: EngineDeps, connection: Connection, runId: string): Promise<PullSummary> {
  const connector = deps.connectorFor(connection);
  const summary: PullSummary = {
    pages: 0,
    created: 0,
    merged: 0,
    linked: 0,
    unlinked: 0,
    leftOut: 0,
    fullListingCompleted: false,
    needsConfirmation: false,
  };
  let current = connection;
  if (current.fullListingId && current.cursor && !current.pageToken) {
    // The last run listed everything but stopped before unlinking what the listing did not show.
    await completeFullListing(deps, current, current.fullListingId, runId, summary);
    if (summary.needsConfirmation) return summary;
    current = { ...current, fullListingId: null };
  }
  if (!current.cursor && !current.fullListingId) current = await beginFullListing(deps.db, current);

  for (;;) {
    let page: ListPage;
    try {
      page = await connector.listPage(current.fullListingId ? null : current.cursor, current.pageToken);
    } catch (error: unknown) {
      if (error instanceof ProviderError && error.kind === 'cursor-expired') {
        deps.log.info({ connectionId: current.id, runId }, 'cursor expired: starting a full re-list');
        current = await beginFullListing(deps.db, current);
        continue;
      }
      throw error;
    }
    summary.pages += 1;
    const last = page.nextPageToken === null;
    let outcome: PageOutcome;
    try {
      outcome = await deps.db.transaction(async (tx) => {
        const applied = await applyPage(tx, deps, current, page, runId, summary.unlinked);
        const changes = last
          ? {
              cursor: page.nextCursor,
              cursorIssuedAt: new Date(deps.now()),
              pageToken: null,
            }
          : { pageToken: page.nextPageToken };
        await updateConnection(tx, current.id, {
          ...changes,
          progressDone: current.progressDone + page.contacts.length,
          ...(page.totalItems !== undefined
            ? { progressTotal: Math.max(page.totalItems, current.progressDone + page.contacts.length) }
            : {}),
        });
        return applied;
      });
    } catch (error: unknown) {
      // The page is not applied and its cursor not saved: after the user confirms, it is read again.
      if (!(error instanceof UnlinkGuardTripped)) throw error;
      deps.log.warn({ connectionId: current.id, runId, ...error.counts }, error.message);
      summary.needsConfirmation = true;
      return summary;
    }
    addTo(summary, outcome);
    const listing = current.fullListingId;
    current = {
      ...current,
      ...(last
        ? { cursor: page.nextCursor, pageToken: null, fullListingId: null }
        : { pageToken: page.nextPageToken }),
      progressDone: current.progressDone + page.contacts.length,
    };
    if (!last) continue;
    if (listing) await completeFullListing(deps, current, listing, runId, summary);
    return summary;
  }
}

/**
 * A complete full listing may unlink the linked contacts it did not show. Its id is kept until that
 * step is done, so a run stopped by the unlink guard resumes here after the user confirms, without
 * listing everything again.
 */
async function completeFullListing(
  deps: EngineDeps,
  connection: Connection,
  listingId: string,
  runId: string,
  summary: PullSummary,
) {
  const unlinked = await unlinkUnseen(deps, connection, listingId, runId);
  if (unlinked === 'needs-confirmation') {
    summary.needsConfirmation = true;
    return;
  }
  await updateConnection(deps.db, connection.id, { fullListingId: null });
  summary.unlinked += unlinked;
  summary.fullListingCompleted = true;
}

async function beginFullListing(db: Db, connection: Connection): Promise<Connection> {
  const fullListingId = randomUUID();
  const changes = { cursor: null, pageToken: null, fullListingId, progressDone: 0 };
  // A full listing decides again on every remote contact, the left-out ones too.
  await db.transaction(async (tx) => {
    await updateConnection(tx, connection.id, changes);
    await clearLeftOut(tx, connection.id);
  });
  return { ...connection, ...changes };
}

function addTo(summary: PullSummary, page: PageOutcome) {
  summary.created += page.created;
  summary.merged += page.merged;
  summary.linked += page.linked;
  summary.unlinked += page.unlinked;
  summary.leftOut += page.leftOut;
}

interface PageOutcome {
  created: number;
  merged: number;
  linked: number;
  unlinked: number;
  leftOut: number;
}

/** Applies one page: every remote contact is decided on, then the writes are made in batches. */
async function applyPage(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  page: ListPage,
  runId: string,
  unlinkedBefore: number,
): Promise<PageOutcome> {
  const outcome: PageOutcome = { created: 0, merged: 0, linked: 0, unlinked: 0, leftOut: 0 };
  const lookups = await loadLookups(tx, deps, connection, page.contacts);
  let linkedCount = await countLinks(tx, connection.id);
  guardDeletions(deps, connection, page, lookups, linkedCount, unlinkedBefore);
  const toCreate: { remote: RemoteContact; fields: SyncedFields; reimport: boolean }[] = [];
  const history: HistoryEntry[] = [];
  const seenRemoteIds: string[] = [];
  const leftOut = { add: [] as string[], remove: [] as string[] };

  for (const remote of page.contacts) {
    await rekeyPreviousIds(tx, connection, remote, lookups);
    const link = lookups.byRemoteId.get(remote.remoteId);
    const decision = decideRemoteContact({
      remote,
      ...(link ? { linkByRemoteId: link } : {}),
      ...(remote.crmContactId && lookups.byCrmId.get(remote.crmContactId)
        ? { linkByCrmId: lookups.byCrmId.get(remote.crmContactId)! }
        : {}),
      ...(lookups.tombstones.has(remote.remoteId)
        ? { tombstone: { etagAtDelete: lookups.tombstones.get(remote.remoteId)! } }
        : {}),
      ...(lookups.matches.has(remote.remoteId)
        ? { samePersonMatch: lookups.matches.get(remote.remoteId)! }
        : {}),
      limitReached: linkedCount + toCreate.length >= deps.contactLimit,
    });
    if (!remote.deleted) seenRemoteIds.push(remote.remoteId);
    // Any other decision (created, linked, deleted remotely…) means it is no longer left out.
    (decision.action === 'left-out-over-limit' ? leftOut.add : leftOut.remove).push(remote.remoteId);

    switch (decision.action) {
      case 'ignore-own-write':
      case 'keep-tombstoned':
      case 'ignore-deleted-unknown':
        break;
      case 'merge-linked':
        if (await mergeIntoCrm(tx, deps, connection, link!, remote, runId, history)) outcome.merged += 1;
        break;
      case 'relink-by-crm-id': {
        const pending = lookups.byCrmId.get(remote.crmContactId!)!;
        await linkExisting(tx, deps, connection, pending.contactId, remote, runId, history, pending.base);
        outcome.linked += 1;
        break;
      }
      case 'link-and-merge': {
        const match = lookups.matches.get(remote.remoteId);
        if (match && match !== 'ambiguous') {
          await insertLinks(tx, [newLink(connection, match.contactId, remote, null)]);
          await linkExisting(tx, deps, connection, match.contactId, remote, runId, history, null);
          await deleteTombstones(tx, connection.id, [remote.remoteId]);
          linkedCount += 1;
          outcome.linked += 1;
        }
        break;
      }
      case 'reimport-tombstoned':
      case 'create-in-crm':
        toCreate.push({
          remote,
          fields: remote.fields!,
          reimport: decision.action === 'reimport-tombstoned',
        });
        break;
      case 'left-out-over-limit':
        outcome.leftOut += 1;
        break;
      case 'unlink-remote-deleted':
        if (link) {
          await deleteLink(tx, connection.ownerId, link.contactId);
          history.push({
            contactId: link.contactId,
            runId,
            side: 'remote',
            field: null,
            action: 'unlinked-remote-deleted',
          });
          linkedCount -= 1;
          outcome.unlinked += 1;
        }
        break;
    }
  }

  outcome.created += await createInCrm(tx, deps, connection, toCreate, runId, history, lookups);
  await deleteTombstones(
    tx,
    connection.id,
    toCreate.filter((c) => c.reimport).map((c) => c.remote.remoteId),
  );
  if (connection.fullListingId && seenRemoteIds.length > 0) {
    await tx
      .update(syncLinks)
      .set({ seenListing: connection.fullListingId })
      .where(and(eq(syncLinks.connectionId, connection.id), inArray(syncLinks.remoteId, seenRemoteIds)));
  }
  await updateLeftOut(tx, connection.id, leftOut);
  await addHistory(tx, connection.ownerId, history);
  return outcome;
}

/** A run would unlink too many contacts at once: it stops, and the connection asks the user. */
class UnlinkGuardTripped extends Error {
  constructor(
    message: string,
    readonly counts: { linkedCount: number; unlinkCount: number },
  ) {
    super(message);
  }
}

/**
 * Deletions reported by the provider unlink too; a run whose deletions pass the guard's share stops
 * before applying them (a provider glitch or a wrong account must not unlink a whole book).
 */
function guardDeletions(
  deps: EngineDeps,
  connection: Connection,
  page: ListPage,
  lookups: Lookups,
  linkedCount: number,
  unlinkedBefore: number,
) {
  if (connection.unlinksConfirmed) return;
  const deletions = page.contacts.filter((r) => r.deleted && lookups.byRemoteId.has(r.remoteId)).length;
  if (deletions === 0) return;
  const unlinkCount = unlinkedBefore + deletions;
  const guard = shouldPauseForUnlinks({
    linkedCount: linkedCount + unlinkedBefore,
    unlinkCount,
    maxShare: deps.massUnlinkShare,
  });
  if (guard.pause) throw new UnlinkGuardTripped(guard.reason, { linkedCount, unlinkCount });
}

interface Lookups {
  byRemoteId: Map<string, Link>;
  byCrmId: Map<string, Link>;
  tombstones: Map<string, string>;
  matches: Map<string, { contactId: string } | 'ambiguous'>;
  /** The storable form of each new remote contact, computed once for matching and creating. */
  prepared: Map<string, PreparedContact>;
}

/** Everything the page's decisions need, in a handful of batched queries. */
async function loadLookups(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  page: RemoteContact[],
): Promise<Lookups> {
  const remoteIds = page.flatMap((r) => [r.remoteId, ...r.previousRemoteIds]);
  const byRemoteId = new Map(
    (await linksByRemoteIds(tx, connection.id, remoteIds)).map((l) => [l.remoteId!, l]),
  );
  const crmIds = page
    .map((r) => r.crmContactId)
    .filter((id): id is string => Boolean(id && /^[0-9a-f-]{36}$/i.test(id)));
  const byCrmId = new Map(
    (await linksByContactIds(tx, connection.ownerId, crmIds)).map((l) => [l.contactId, l]),
  );
  const tombstones = await tombstonesFor(
    tx,
    connection.id,
    page.map((r) => r.remoteId),
  );
  const prepared = new Map<string, PreparedContact>();
  for (const remote of page) {
    if (remote.deleted || !remote.fields || byRemoteId.has(remote.remoteId)) continue;
    prepared.set(
      remote.remoteId,
      prepareContact(draftFromRemote(remote.fields, connection.provider), deps.region),
    );
  }
  const matches = await samePersonMatches(tx, connection, prepared);
  return { byRemoteId, byCrmId, tombstones, matches, prepared };
}

/** Unlinked CRM contacts that the same-person rule pairs with remote contacts of this page. */
async function samePersonMatches(tx: Tx, connection: Connection, prepared: Map<string, PreparedContact>) {
  const keysByRemote = new Map([...prepared].map(([remoteId, p]) => [remoteId, p.keys]));
  const found = await findContactsByMatchKeys(tx, connection.ownerId, [...keysByRemote.values()].flat());
  const contactIds = [...new Set([...found.values()].flat())];
  const linked = new Set(
    (await linksByContactIds(tx, connection.ownerId, contactIds)).map((l) => l.contactId),
  );
  const matches = new Map<string, { contactId: string } | 'ambiguous'>();
  const claimed = new Set<string>();
  for (const [remoteId, keys] of keysByRemote) {
    const ids = [...new Set(keys.flatMap((k) => found.get(k) ?? []))].filter(
      (id) => !linked.has(id) && !claimed.has(id),
    );
    if (ids.length === 1) {
      matches.set(remoteId, { contactId: ids[0]! });
      claimed.add(ids[0]!);
    } else if (ids.length > 1) {
      matches.set(remoteId, 'ambiguous');
    }
  }
  return matches;
}

/** Google may give a contact a new resource name; the link follows it. */
async function rekeyPreviousIds(tx: Tx, connection: Connection, remote: RemoteContact, lookups: Lookups) {
  if (lookups.byRemoteId.has(remote.remoteId)) return;
  for (const previous of remote.previousRemoteIds) {
    const link = lookups.byRemoteId.get(previous);
    if (!link) continue;
    await updateLink(tx, connection.ownerId, link.contactId, { remoteId: remote.remoteId });
    lookups.byRemoteId.delete(previous);
    lookups.byRemoteId.set(remote.remoteId, { ...link, remoteId: remote.remoteId });
    return;
  }
}

function newLink(
  connection: Connection,
  contactId: string,
  remote: RemoteContact | null,
  base: SyncedFields | null,
) {
  return {
    ownerId: connection.ownerId,
    contactId,
    connectionId: connection.id,
    remoteId: remote?.remoteId ?? null,
    remoteEtag: remote?.etag ?? null,
    base,
    state: remote ? 'linked' : 'pending-create',
    seenListing: connection.fullListingId,
  };
}

/** Creates CRM contacts (type = provider, status future) and their links in batches. */
async function createInCrm(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  items: { remote: RemoteContact; fields: SyncedFields; reimport: boolean }[],
  runId: string,
  history: HistoryEntry[],
  lookups: Lookups,
): Promise<number> {
  if (items.length === 0) return 0;
  // Prepared once per remote contact when the page's lookups were made (phone parsing is costly).
  const prepared = items.map(
    (item) =>
      lookups.prepared.get(item.remote.remoteId) ??
      prepareContact(draftFromRemote(item.fields, connection.provider), deps.region),
  );
  const ids = await insertPrepared(tx, connection.ownerId, prepared);
  await insertLinks(
    tx,
    items.map((item, i) => ({ ...newLink(connection, ids[i]!, item.remote, item.fields), syncedVersion: 1 })),
  );
  for (const [i, item] of items.entries()) {
    history.push({
      contactId: ids[i]!,
      runId,
      side: 'remote',
      field: null,
      action: item.reimport ? 'reimported' : 'created-from-remote',
      newValue: item.fields,
    });
  }
  return ids.length;
}

/** A linked contact changed remotely: three-way merge, CRM side written now, remote side later. */
async function mergeIntoCrm(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  link: Link,
  remote: RemoteContact,
  runId: string,
  history: HistoryEntry[],
): Promise<boolean> {
  const contact = await getContact(tx, connection.ownerId, link.contactId);
  const crm = syncedFieldsOf(contact);
  const result = mergeSyncedFields({
    base: link.base,
    crm,
    remote: remote.fields!,
    region: deps.region,
    crmChangedAt: contact.version > link.syncedVersion ? Date.parse(contact.updatedAt) : null,
    remoteChangedAt: remote.updatedAt ? Date.parse(remote.updatedAt) : deps.now(),
  });
  let version = contact.version;
  if (result.crmNeedsUpdate) {
    const updated = await replaceContact(
      tx,
      connection.ownerId,
      contact.id,
      applySyncedFields(toDraft(contact), result.merged),
      deps.region,
      contact.version,
    );
    version = updated.version;
  }
  await updateLink(tx, connection.ownerId, contact.id, {
    remoteEtag: remote.etag,
    base: result.merged,
    syncedVersion: version,
    state: 'linked',
    needsPush: result.remoteNeedsUpdate || (link.needsPush && contact.version > link.syncedVersion),
  });
  for (const d of result.decisions) {
    if (d.outcome === 'unchanged') continue;
    history.push({
      contactId: contact.id,
      runId,
      side: d.outcome === 'took-crm' ? 'crm' : 'remote',
      field: d.field,
      action: d.outcome === 'conflict' ? 'conflict-lost' : 'applied-remote',
      oldValue: d.outcome === 'conflict' ? d.loserValue : crm[d.field],
      newValue: result.merged[d.field],
      restorable: d.outcome === 'conflict',
    });
  }
  return result.crmNeedsUpdate;
}

/** Merges a freshly read remote contact into its linked CRM contact (after a push conflict). */
export async function mergeRemoteIntoCrm(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  remote: RemoteContact,
  runId: string,
) {
  const [link] = await linksByRemoteIds(tx, connection.id, [remote.remoteId]);
  if (!link || remote.deleted) return;
  const history: HistoryEntry[] = [];
  await mergeIntoCrm(tx, deps, connection, { ...link, remoteEtag: null }, remote, runId, history);
  await tx
    .update(syncLinks)
    .set({ needsPush: true })
    .where(and(eq(syncLinks.ownerId, link.ownerId), eq(syncLinks.contactId, link.contactId)));
  await addHistory(tx, connection.ownerId, history);
}

/** Links a remote contact to an existing CRM contact (recovered create or same person) and merges. */
async function linkExisting(
  tx: Tx,
  deps: EngineDeps,
  connection: Connection,
  contactId: string,
  remote: RemoteContact,
  runId: string,
  history: HistoryEntry[],
  base: SyncedFields | null,
) {
  await updateLink(tx, connection.ownerId, contactId, {
    remoteId: remote.remoteId,
    remoteEtag: null,
    state: 'linked',
  });
  const link: Link = {
    ...newLink(connection, contactId, remote, base),
    remoteEtag: null,
    syncedVersion: 0,
    createAttemptedAt: null,
    needsPush: false,
    seenListing: connection.fullListingId,
    createdAt: new Date(),
    updatedAt: new Date(),
  } as Link;
  history.push({
    contactId,
    runId,
    side: 'sync',
    field: null,
    action: 'linked',
    newValue: { remoteId: remote.remoteId },
  });
  await mergeIntoCrm(tx, deps, connection, link, remote, runId, history);
}

/**
 * After a complete full listing, linked contacts it did not show are gone remotely. Only a
 * complete listing may conclude that, and a run that would unlink too many pauses and asks.
 */
async function unlinkUnseen(
  deps: EngineDeps,
  connection: Connection,
  listingId: string,
  runId: string,
): Promise<number | 'needs-confirmation'> {
  const unseen = await deps.db
    .select({ contactId: syncLinks.contactId })
    .from(syncLinks)
    .where(
      and(
        eq(syncLinks.connectionId, connection.id),
        eq(syncLinks.state, 'linked'),
        or(isNull(syncLinks.seenListing), ne(syncLinks.seenListing, listingId)),
      ),
    );
  if (unseen.length === 0) return 0;
  const linkedCount = await countLinks(deps.db, connection.id);
  const guard = shouldPauseForUnlinks({
    linkedCount,
    unlinkCount: unseen.length,
    maxShare: deps.massUnlinkShare,
  });
  if (guard.pause && !connection.unlinksConfirmed) {
    deps.log.warn(
      { connectionId: connection.id, runId, unlinkCount: unseen.length, linkedCount },
      guard.reason,
    );
    return 'needs-confirmation';
  }
  await deps.db.transaction(async (tx) => {
    const ids = unseen.map((u) => u.contactId);
    await tx
      .delete(syncLinks)
      .where(and(eq(syncLinks.ownerId, connection.ownerId), inArray(syncLinks.contactId, ids)));
    await addHistory(
      tx,
      connection.ownerId,
      ids.map((contactId) => ({
        contactId,
        runId,
        side: 'remote',
        field: null,
        action: 'unlinked-remote-deleted',
      })),
    );
  });
  if (connection.unlinksConfirmed)
    await updateConnection(deps.db, connection.id, { unlinksConfirmed: false });
  return unseen.length;
}
