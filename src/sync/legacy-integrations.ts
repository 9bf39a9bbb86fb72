import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { legacyIntegrations } from '../db/schema.ts';
import { AppError } from '../server/errors.ts';

/**
 * Integrations a user carries over from an older system. While one exists Contact Sync cannot be
 * connected (two integrations would change the same contacts); the user removes it in the UI. An
 * operator migrating from that system records them with `contact-sync legacy-integrations add`.
 */
export type LegacyKind = 'contacts' | 'calendar';
export const LEGACY_KINDS: readonly LegacyKind[] = ['contacts', 'calendar'];

export async function listLegacyIntegrations(db: Db, ownerId: string) {
  const rows = await db
    .select()
    .from(legacyIntegrations)
    .where(eq(legacyIntegrations.ownerId, ownerId))
    .orderBy(asc(legacyIntegrations.createdAt), asc(legacyIntegrations.id));
  return rows.map(({ ownerId: _o, ...row }) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function addLegacyIntegration(db: Db, ownerId: string, kind: LegacyKind, name: string) {
  const id = randomUUID();
  await db.insert(legacyIntegrations).values({ ownerId, id, kind, name });
  return id;
}

export async function removeLegacyIntegration(db: Db, ownerId: string, id: string) {
  const deleted = await db
    .delete(legacyIntegrations)
    .where(and(eq(legacyIntegrations.ownerId, ownerId), eq(legacyIntegrations.id, id)))
    .returning({ id: legacyIntegrations.id });
  if (deleted.length === 0) throw new AppError('not_found');
}
