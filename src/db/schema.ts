import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Address, Email, Phone, Website } from '../contacts/model.ts';
import type { ProviderName } from '../providers/provider.ts';
import type { SyncedFields } from '../sync/synced-fields.ts';

type SyncedFieldsJson = SyncedFields;

// Every table that holds a user's data leads with the owner's id in its keys and indexes, so the
// schema can later be distributed or split by owner without changing the queries.

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.id] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value. */
    idHash: text('id_hash').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_owner_idx').on(t.ownerId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    /** Lower-cased email and client address, so both guessing one account and spraying many are slowed. */
    key: text('key').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_key_idx').on(t.key, t.attemptedAt)],
);

export type StoredEmail = Email;
/** A phone as stored: its E.164 form (null when unparseable) serves the same-person rule. */
export type StoredPhone = Phone & { e164: string | null };
export type StoredAddress = Address;
export type StoredWebsite = Website;

export const contacts = pgTable(
  'contacts',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    firstName: text('first_name'),
    middleName: text('middle_name'),
    lastName: text('last_name'),
    company: text('company'),
    jobTitle: text('job_title'),
    birthdayYear: smallint('birthday_year'),
    birthdayMonth: smallint('birthday_month'),
    birthdayDay: smallint('birthday_day'),
    emails: jsonb('emails').$type<StoredEmail[]>().notNull().default([]),
    phones: jsonb('phones').$type<StoredPhone[]>().notNull().default([]),
    addresses: jsonb('addresses').$type<StoredAddress[]>().notNull().default([]),
    websites: jsonb('websites').$type<StoredWebsite[]>().notNull().default([]),
    notes: text('notes'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    type: text('type').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    /** Lower-cased, accent-free names, company, emails and phone digits: what search matches. */
    searchText: text('search_text').notNull(),
    /** Lower-cased, accent-free "last first" name: the list order. */
    sortKey: text('sort_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.id] }),
    index('contacts_owner_sort_idx').on(t.ownerId, t.sortKey, t.id),
    index('contacts_owner_type_idx').on(t.ownerId, t.type),
    index('contacts_owner_status_idx').on(t.ownerId, t.status),
    index('contacts_tags_idx').using('gin', t.tags),
  ],
);

/**
 * The same-person rule as rows: one key per (normalised full name, email) and per (normalised full
 * name, E.164 phone). Two contacts are the same person exactly when they share a key, so matching
 * 20,000 candidates is one indexed query.
 */
export const contactMatchKeys = pgTable(
  'contact_match_keys',
  {
    ownerId: uuid('owner_id').notNull(),
    key: text('key').notNull(),
    contactId: uuid('contact_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.key, t.contactId] }),
    index('contact_match_keys_contact_idx').on(t.ownerId, t.contactId),
    foreignKey({
      columns: [t.ownerId, t.contactId],
      foreignColumns: [contacts.ownerId, contacts.id],
    }).onDelete('cascade'),
  ],
);

export const importReports = pgTable(
  'import_reports',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    rows: jsonb('rows').$type<unknown[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.id] })],
);

// ---- Contact Sync ----

/** One source per user (unique owner): the provider account the CRM syncs with. */
export const syncConnections = pgTable(
  'sync_connections',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().unique(),
    provider: text('provider').$type<ProviderName>().notNull(),
    accountEmail: text('account_email').notNull(),
    /** initializing, running, paused, needs-reauthorization, throttled, error */
    status: text('status').notNull(),
    pausedReason: text('paused_reason'),
    initialSyncDone: boolean('initial_sync_done').notNull().default(false),
    /** AES-256-GCM sealed JSON of the provider tokens; never logged, never sent to the browser. */
    tokens: text('tokens'),
    /** The provider's incremental cursor (Google sync token, Graph delta link) and when it was issued. */
    cursor: text('cursor'),
    cursorIssuedAt: timestamp('cursor_issued_at', { withTimezone: true }),
    /** A listing in progress: its page token, so a crash resumes at the page that follows. */
    pageToken: text('page_token'),
    /** The full re-list in progress, if any (only a complete one may unlink). */
    fullListingId: uuid('full_listing_id'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    nextSyncAt: timestamp('next_sync_at', { withTimezone: true }),
    throttledUntil: timestamp('throttled_until', { withTimezone: true }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** The user confirmed the unlinks the guard stopped: the next run may make them. */
    unlinksConfirmed: boolean('unlinks_confirmed').notNull().default(false),
    lastError: jsonb('last_error').$type<{ message: string; at: string; nextRetryAt?: string } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId] }), index('sync_connections_due_idx').on(t.nextSyncAt)],
);

/** A CRM contact paired with a remote contact, with the base both sides last agreed on. */
export const syncLinks = pgTable(
  'sync_links',
  {
    ownerId: uuid('owner_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => syncConnections.id, { onDelete: 'cascade' }),
    /** Null while a create is pending and its answer not yet seen. */
    remoteId: text('remote_id'),
    remoteEtag: text('remote_etag'),
    /** The synced fields as both sides last agreed (the three-way merge's base). */
    base: jsonb('base').$type<SyncedFieldsJson | null>(),
    /** The contact's version when it was last synced: a higher version means a CRM change to push. */
    syncedVersion: integer('synced_version').notNull().default(0),
    /** pending-create (committed before the provider call) or linked */
    state: text('state').notNull(),
    /** When the provider create was last sent; it is not re-sent until a listing had time to show it. */
    createAttemptedAt: timestamp('create_attempted_at', { withTimezone: true }),
    /** The merged fields still have to be written to the provider. */
    needsPush: boolean('needs_push').notNull().default(false),
    /** The full listing that last saw this remote contact: one that completes without it unlinks it. */
    seenListing: uuid('seen_listing'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.contactId] }),
    uniqueIndex('sync_links_remote_idx').on(t.connectionId, t.remoteId),
    foreignKey({
      columns: [t.ownerId, t.contactId],
      foreignColumns: [contacts.ownerId, contacts.id],
    }).onDelete('cascade'),
  ],
);

/** Remote contacts unlinked because the CRM deleted theirs; a later remote edit re-imports them. */
export const syncTombstones = pgTable(
  'sync_tombstones',
  {
    ownerId: uuid('owner_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => syncConnections.id, { onDelete: 'cascade' }),
    remoteId: text('remote_id').notNull(),
    etagAtDelete: text('etag_at_delete').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.remoteId] }),
    index('sync_tombstones_owner_idx').on(t.ownerId),
  ],
);

/**
 * Remote contacts the 20,000 limit kept out of the CRM. A set rather than a counter: a left-out
 * contact that changes again is still one contact, and one deleted remotely no longer counts.
 */
export const syncLeftOut = pgTable(
  'sync_left_out',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => syncConnections.id, { onDelete: 'cascade' }),
    remoteId: text('remote_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.remoteId] })],
);

/** What the sync did to a contact, field by field; a value lost in a conflict can be restored. */
export const syncHistory = pgTable(
  'sync_history',
  {
    ownerId: uuid('owner_id').notNull(),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id').notNull(),
    runId: uuid('run_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** crm, remote or sync: who made the change this entry records. */
    side: text('side').notNull(),
    field: text('field'),
    action: text('action').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    restorable: boolean('restorable').notNull().default(false),
    restoredAt: timestamp('restored_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.id] }),
    index('sync_history_contact_idx').on(t.ownerId, t.contactId, t.at),
  ],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    ownerId: uuid('owner_id').notNull(),
    id: uuid('id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => syncConnections.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome'),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.id] }),
    index('sync_runs_connection_idx').on(t.connectionId, t.startedAt),
  ],
);

/** A contact or calendar integration from an older system; Contact Sync waits until it is removed. */
export const legacyIntegrations = pgTable(
  'legacy_integrations',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.id] })],
);

/** A started authorization: single-use, bound to the browser session that started it. */
export const oauthStates = pgTable('oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  sessionHash: text('session_hash').notNull(),
  provider: text('provider').notNull(),
  accountEmail: text('account_email').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
