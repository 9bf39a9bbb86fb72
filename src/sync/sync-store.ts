import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { syncConnections, syncLeftOut, syncLinks, syncRuns, syncTombstones } from '../db/schema.ts';
import type { HistoryAction, HistorySide } from './history-vocabulary.ts';
import type { SyncedFields } from './synced-fields.ts';

type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export type Connection = typeof syncConnections.$inferSelect;
export type Link = typeof syncLinks.$inferSelect;

export interface HistoryEntry {
  contactId: string;
  runId: string | null;
  side: HistorySide;
  field: string | null;
  action: HistoryAction;
  oldValue?: unknown;
  newValue?: unknown;
  restorable?: boolean;
}

export async function getConnectionByOwner(db: Executor, ownerId: string): Promise<Connection | undefined> {
  const [row] = await db.select().from(syncConnections).where(eq(syncConnections.ownerId, ownerId));
  return row;
}

export async function getConnection(db: Executor, id: string): Promise<Connection | undefined> {
  const [row] = await db.select().from(syncConnections).where(eq(syncConnections.id, id));
  return row;
}

export async function updateConnection(
  db: Executor,
  id: string,
  changes: Partial<Omit<typeof syncConnections.$inferInsert, 'id' | 'ownerId'>>,
): Promise<void> {
  await db
    .update(syncConnections)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(syncConnections.id, id));
}

export async function linksByRemoteIds(
  db: Executor,
  connectionId: string,
  remoteIds: string[],
): Promise<Link[]> {
  if (remoteIds.length === 0) return [];
  return db
    .select()
    .from(syncLinks)
    .where(and(eq(syncLinks.connectionId, connectionId), inArray(syncLinks.remoteId, remoteIds)));
}

export async function linksByContactIds(
  db: Executor,
  ownerId: string,
  contactIds: string[],
): Promise<Link[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(syncLinks)
    .where(and(eq(syncLinks.ownerId, ownerId), inArray(syncLinks.contactId, contactIds)));
}

export async function countLinks(db: Executor, connectionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(syncLinks)
    .where(eq(syncLinks.connectionId, connectionId));
  return row?.n ?? 0;
}

export async function tombstonesFor(db: Executor, connectionId: string, remoteIds: string[]) {
  if (remoteIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select()
    .from(syncTombstones)
    .where(and(eq(syncTombstones.connectionId, connectionId), inArray(syncTombstones.remoteId, remoteIds)));
  return new Map(rows.map((row) => [row.remoteId, row.etagAtDelete]));
}

/**
 * Inserts links in bulk. Rows travel as one JSON parameter per 5,000: the query builder's VALUES
 * lists cost seconds of CPU for an initial sync of 20,000 (docs/benchmarks.md).
 */
export async function insertLinks(db: Executor, links: (typeof syncLinks.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < links.length; i += 5000) {
    const records = links.slice(i, i + 5000).map((l) => ({
      owner_id: l.ownerId,
      contact_id: l.contactId,
      connection_id: l.connectionId,
      remote_id: l.remoteId ?? null,
      remote_etag: l.remoteEtag ?? null,
      base: l.base ?? null,
      synced_version: l.syncedVersion ?? 0,
      state: l.state,
      seen_listing: l.seenListing ?? null,
    }));
    await db.execute(sql`
      insert into sync_links (owner_id, contact_id, connection_id, remote_id, remote_etag, base,
        synced_version, state, seen_listing)
      select owner_id, contact_id, connection_id, remote_id, remote_etag, base, synced_version, state,
        seen_listing
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(owner_id uuid, contact_id uuid,
        connection_id uuid, remote_id text, remote_etag text, base jsonb, synced_version integer,
        state text, seen_listing uuid)`);
  }
}

export async function updateLink(
  db: Executor,
  ownerId: string,
  contactId: string,
  changes: {
    remoteId?: string | null;
    remoteEtag?: string | null;
    base?: SyncedFields | null;
    syncedVersion?: number;
    state?: string;
    needsPush?: boolean;
  },
): Promise<void> {
  await db
    .update(syncLinks)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(syncLinks.ownerId, ownerId), eq(syncLinks.contactId, contactId)));
}

export async function deleteLink(db: Executor, ownerId: string, contactId: string): Promise<void> {
  await db.delete(syncLinks).where(and(eq(syncLinks.ownerId, ownerId), eq(syncLinks.contactId, contactId)));
}

export async function addTombstone(db: Executor, connection: Connection, remoteId: string, etag: string) {
  await db
    .insert(syncTombstones)
    .values({ ownerId: connection.ownerId, connectionId: connection.id, remoteId, etagAtDelete: etag })
    .onConflictDoUpdate({
      target: [syncTombstones.connectionId, syncTombstones.remoteId],
      set: { etagAtDelete: etag },
    });
}

export async function deleteTombstones(db: Executor, connectionId: string, remoteIds: string[]) {
  if (remoteIds.length === 0) return;
  await db
    .delete(syncTombstones)
    .where(and(eq(syncTombstones.connectionId, connectionId), inArray(syncTombstones.remoteId, remoteIds)));
}

/**
 * Records which remote contacts a page left out over the limit, and which no longer are (created,
 * linked, or deleted remotely). Ids travel as one array parameter each.
 */
export async function updateLeftOut(
  db: Executor,
  connectionId: string,
  change: { add: string[]; remove: string[] },
): Promise<void> {
  if (change.remove.length > 0) {
    await db.execute(sql`
      delete from sync_left_out
       where connection_id = ${connectionId} and remote_id = any(${sql.param(change.remove)}::text[])`);
  }
  if (change.add.length > 0) {
    await db.execute(sql`
      insert into sync_left_out (connection_id, remote_id)
      select ${connectionId}::uuid, unnest(${sql.param(change.add)}::text[])
      on conflict do nothing`);
  }
}

export async function clearLeftOut(db: Executor, connectionId: string): Promise<void> {
  await db.delete(syncLeftOut).where(eq(syncLeftOut.connectionId, connectionId));
}

/** What the status shows: contacts synced (linked), and remote contacts left out over the limit. */
export async function contactCounts(
  db: Executor,
  connectionId: string,
): Promise<{ synced: number; leftOut: number }> {
  const { rows } = await db.execute<{ synced: number; left_out: number }>(sql`
    select (select count(*) from sync_links where connection_id = ${connectionId} and state = 'linked')::int as synced,
           (select count(*) from sync_left_out where connection_id = ${connectionId})::int as left_out`);
  return { synced: rows[0]?.synced ?? 0, leftOut: rows[0]?.left_out ?? 0 };
}

export async function addHistory(db: Executor, ownerId: string, entries: HistoryEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const records = entries.slice(i, i + 5000).map((e) => ({
      id: randomUUID(),
      contact_id: e.contactId,
      run_id: e.runId,
      side: e.side,
      field: e.field,
      action: e.action,
      old_value: e.oldValue ?? null,
      new_value: e.newValue ?? null,
      restorable: e.restorable ?? false,
    }));
    await db.execute(sql`
      insert into sync_history (owner_id, id, contact_id, run_id, side, field, action, old_value,
        new_value, restorable)
      select ${ownerId}::uuid, id, contact_id, run_id, side, field, action, old_value, new_value,
        restorable
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id uuid, contact_id uuid,
        run_id uuid, side text, field text, action text, old_value jsonb, new_value jsonb,
        restorable boolean)`);
  }
}

export async function startRun(db: Executor, connection: Connection): Promise<string> {
  const id = randomUUID();
  await db.insert(syncRuns).values({ ownerId: connection.ownerId, id, connectionId: connection.id });
  return id;
}

export async function finishRun(
  db: Executor,
  ownerId: string,
  runId: string,
  outcome: string,
  summary: Record<string, unknown>,
) {
  await db
    .update(syncRuns)
    .set({ finishedAt: new Date(), outcome, summary })
    .where(and(eq(syncRuns.ownerId, ownerId), eq(syncRuns.id, runId), isNull(syncRuns.finishedAt)));
}
