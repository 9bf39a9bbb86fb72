import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { getContact } from '../../contacts/repository.ts';
import { contacts, syncLinks } from '../../db/schema.ts';
import type {
  ContactUpdate,
  ContactWrite,
  ProviderConnector,
  WriteOutcome,
} from '../../providers/provider.ts';
import { mergeSyncedFields } from '../decisions/index.ts';
import { addHistory, type Connection, type HistoryEntry, type Link, updateLink } from '../sync-store.ts';
import {
  SYNCED_FIELD_NAMES,
  type SyncedFieldName,
  type SyncedFields,
  syncedFieldsOf,
} from '../synced-fields.ts';
import type { EngineDeps } from './engine-deps.ts';
import { mergeRemoteIntoCrm } from './pull.ts';

export interface PushSummary {
  created: number;
  updated: number;
  conflicts: number;
  failed: number;
}

/** Batches no larger than the provider's batch endpoints take (Google: 200). */
const BATCH = 200;
/**
 * A create whose answer was lost is not sent again until a listing had time to show the remote copy
 * (Google's sync has a propagation delay of minutes): only then can "not found" be trusted.
 */
const CREATE_RETRY_AFTER_MS = 15 * 60 * 1000;

/**
 * The push stage: pending creates (Add to Sync) and CRM changes to linked contacts are written to
 * the provider, only the synced fields, with the etag as precondition, sequentially per user.
 */
export async function push(deps: EngineDeps, connection: Connection, runId: string): Promise<PushSummary> {
  const connector = deps.connectorFor(connection);
  const summary: PushSummary = { created: 0, updated: 0, conflicts: 0, failed: 0 };
  await pushCreates(deps, connector, connection, runId, summary);
  await pushUpdates(deps, connector, connection, runId, summary);
  return summary;
}

async function pushCreates(
  deps: EngineDeps,
  connector: ProviderConnector,
  connection: Connection,
  runId: string,
  summary: PushSummary,
) {
  const retryBefore = new Date(deps.now() - CREATE_RETRY_AFTER_MS);
  for (;;) {
    const pending = await deps.db
      .select()
      .from(syncLinks)
      .where(
        and(
          eq(syncLinks.connectionId, connection.id),
          eq(syncLinks.state, 'pending-create'),
          or(isNull(syncLinks.createAttemptedAt), lt(syncLinks.createAttemptedAt, retryBefore)),
        ),
      )
      .limit(BATCH);
    if (pending.length === 0) return;
    // Committed before the call: after a crash the next run waits for the pull to find the copy
    // by the CRM id it carries, instead of creating a second one.
    const attemptedAt = new Date(deps.now());
    await deps.db
      .update(syncLinks)
      .set({ createAttemptedAt: attemptedAt })
      .where(
        and(
          eq(syncLinks.connectionId, connection.id),
          sql`${syncLinks.contactId} = any(${sql.param(pending.map((p) => p.contactId))}::uuid[])`,
        ),
      );
    const writes: (ContactWrite & { version: number })[] = [];
    for (const link of pending) {
      const contact = await getContact(deps.db, connection.ownerId, link.contactId);
      writes.push({ crmContactId: contact.id, fields: syncedFieldsOf(contact), version: contact.version });
    }
    const outcomes = await connector.createContacts(
      writes.map(({ crmContactId, fields }) => ({ crmContactId, fields })),
    );
    await recordCreates(deps, connection, runId, writes, outcomes, summary);
  }
}

async function recordCreates(
  deps: EngineDeps,
  connection: Connection,
  runId: string,
  writes: (ContactWrite & { version: number })[],
  outcomes: WriteOutcome[],
  summary: PushSummary,
) {
  await deps.db.transaction(async (tx) => {
    const history: HistoryEntry[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const write = writes[i]!;
      if (!outcome.ok) {
        summary.failed += 1;
        deps.log.warn(
          { connectionId: connection.id, runId, contactId: write.crmContactId, kind: outcome.error.kind },
          'create refused by the provider',
        );
        continue;
      }
      await updateLink(tx, connection.ownerId, write.crmContactId, {
        remoteId: outcome.remoteId,
        remoteEtag: outcome.etag,
        base: outcome.fields,
        syncedVersion: write.version,
        state: 'linked',
      });
      history.push({
        contactId: write.crmContactId,
        runId,
        side: 'crm',
        field: null,
        action: 'created-in-provider',
        newValue: { remoteId: outcome.remoteId },
      });
      summary.created += 1;
    }
    await addHistory(tx, connection.ownerId, history);
  });
}

async function pushUpdates(
  deps: EngineDeps,
  connector: ProviderConnector,
  connection: Connection,
  runId: string,
  summary: PushSummary,
) {
  const handled = new Set<string>();
  for (;;) {
    const rows = await deps.db
      .select({ link: syncLinks, version: contacts.version })
      .from(syncLinks)
      .innerJoin(contacts, and(eq(contacts.ownerId, syncLinks.ownerId), eq(contacts.id, syncLinks.contactId)))
      .where(
        and(
          eq(syncLinks.connectionId, connection.id),
          eq(syncLinks.state, 'linked'),
          or(eq(syncLinks.needsPush, true), gt(contacts.version, syncLinks.syncedVersion)),
        ),
      )
      .limit(BATCH);
    const batch = rows.filter((r) => !handled.has(r.link.contactId));
    if (batch.length === 0) return;
    for (const r of batch) handled.add(r.link.contactId);
    await pushUpdateBatch(
      deps,
      connector,
      connection,
      runId,
      batch.map((r) => r.link),
      summary,
    );
  }
}

async function pushUpdateBatch(
  deps: EngineDeps,
  connector: ProviderConnector,
  connection: Connection,
  runId: string,
  links: Link[],
  summary: PushSummary,
) {
  const updates: (ContactUpdate & { contactId: string; version: number })[] = [];
  for (const link of links) {
    const contact = await getContact(deps.db, connection.ownerId, link.contactId);
    const fields = syncedFieldsOf(contact);
    const changed =
      link.needsPush || !link.base ? [...SYNCED_FIELD_NAMES] : changedFields(link.base, fields, deps.region);
    if (changed.length === 0) {
      await updateLink(deps.db, connection.ownerId, link.contactId, { syncedVersion: contact.version });
      continue;
    }
    updates.push({
      remoteId: link.remoteId!,
      etag: link.remoteEtag ?? '',
      fields,
      changed,
      contactId: contact.id,
      version: contact.version,
    });
  }
  if (updates.length === 0) return;
  const outcomes = await connector.updateContacts(
    updates.map(({ remoteId, etag, fields, changed }) => ({ remoteId, etag, fields, changed })),
  );
  const conflicts: string[] = [];
  await deps.db.transaction(async (tx) => {
    const history: HistoryEntry[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const update = updates[i]!;
      if (!outcome.ok) {
        if (outcome.error.kind === 'conflict') conflicts.push(update.remoteId);
        else summary.failed += 1;
        continue;
      }
      await updateLink(tx, connection.ownerId, update.contactId, {
        remoteEtag: outcome.etag,
        // What the provider holds now (it may not keep everything we sent, e.g. Outlook's caps).
        base: outcome.fields,
        syncedVersion: update.version,
        needsPush: false,
      });
      for (const field of update.changed) {
        history.push({
          contactId: update.contactId,
          runId,
          side: 'crm',
          field,
          action: 'pushed-crm',
          newValue: update.fields[field],
        });
      }
      summary.updated += 1;
    }
    await addHistory(tx, connection.ownerId, history);
  });
  if (conflicts.length > 0) await resolveConflicts(deps, connector, connection, runId, conflicts, summary);
}

/** The remote moved on since we read it: re-read, merge into the CRM, and push the merge next run. */
async function resolveConflicts(
  deps: EngineDeps,
  connector: ProviderConnector,
  connection: Connection,
  runId: string,
  remoteIds: string[],
  summary: PushSummary,
) {
  const fresh = await connector.getContacts(remoteIds);
  for (const remote of fresh) {
    await deps.db.transaction((tx) => mergeRemoteIntoCrm(tx, deps, connection, remote, runId));
    summary.conflicts += 1;
  }
}

/**
 * The CRM's changes since the base, by the merge's own rules (blank equals null, phones by E.164,
 * lists without regard to order, JSON key order never matters): the base stands in for the
 * remote, so what the merge would send to the remote is exactly what the CRM changed.
 */
function changedFields(base: SyncedFields, current: SyncedFields, region: string): SyncedFieldName[] {
  return mergeSyncedFields({
    base,
    crm: current,
    remote: base,
    crmChangedAt: null,
    remoteChangedAt: null,
    region,
  }).changedForRemote;
}
