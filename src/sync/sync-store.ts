import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { syncConnections, syncHistory, syncLinks, syncRuns, syncTombstones } from '../db/schema.ts';
import type { SyncedFields } from './synced-fields.ts';

type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export type Connection = typeof syncConnections.$inferSelect;
export type Link = typeof syncLinks.$inferSelect;

export interface HistoryEntry {
  contactId: string;
  runId: string | null;
  side: 'crm' | 'remote' | 'sync';
  field: string | null;
  action:
    | 'created-from-remote'
    | 'linked'
    | 'unlinked-remote-deleted'
    | 'reimported'
    | 'applied-remote'
    | 'pushed-crm'
    | 'conflict-lost'
    | 'added-to-sync'
    | 'restored';
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

export async function insertLinks(db: Executor, links: (typeof syncLinks.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < links.length; i += 2000) await db.insert(syncLinks).values(links.slice(i, i + 2000));
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

export async function addHistory(db: Executor, ownerId: string, entries: HistoryEntry[]): Promise<void> {
  const rows = entries.map((e) => ({
    ownerId,
    id: randomUUID(),
    contactId: e.contactId,
    runId: e.runId,
    side: e.side,
    field: e.field,
    action: e.action,
    oldValue: e.oldValue ?? null,
    newValue: e.newValue ?? null,
    restorable: e.restorable ?? false,
  }));
  for (let i = 0; i < rows.length; i += 2000) await db.insert(syncHistory).values(rows.slice(i, i + 2000));
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
