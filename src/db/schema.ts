import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Address, Email, Phone, Website } from '../contacts/model.ts';

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
