import { randomUUID } from 'node:crypto';
import { and, arrayContains, asc, eq, inArray, like, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { contactMatchKeys, contacts, type StoredPhone, syncLinks } from '../db/schema.ts';
import { AppError } from '../server/errors.ts';
import { foldText, matchKeys, toE164 } from './matching.ts';
import type { Birthday, Contact, ContactDraft, ContactStatus, ContactType } from './model.ts';

type ContactRow = typeof contacts.$inferSelect;
type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** A draft with what storing it needs: E.164 phones, search text, sort key and match keys. */
export interface PreparedContact {
  values: Omit<typeof contacts.$inferInsert, 'ownerId' | 'id'>;
  keys: string[];
}

/** Computes every derived column once (phone parsing is the costly part of an import). */
export function prepareContact(draft: ContactDraft, region: string): PreparedContact {
  const phones: StoredPhone[] = draft.phones.map((p) => ({ ...p, e164: toE164(p.number, region) }));
  const searchParts = [draft.firstName, draft.middleName, draft.lastName, draft.company]
    .filter((v): v is string => Boolean(v))
    .map(foldText);
  for (const e of draft.emails) searchParts.push(e.address.toLowerCase());
  for (const p of phones) searchParts.push(p.number.replace(/\D/g, ''), (p.e164 ?? '').replace(/\D/g, ''));
  const sortName = foldText([draft.lastName, draft.firstName, draft.company].filter(Boolean).join(' '));
  return {
    values: {
      firstName: draft.firstName,
      middleName: draft.middleName,
      lastName: draft.lastName,
      company: draft.company,
      jobTitle: draft.jobTitle,
      birthdayYear: draft.birthday?.year ?? null,
      birthdayMonth: draft.birthday?.month ?? null,
      birthdayDay: draft.birthday?.day ?? null,
      emails: draft.emails,
      phones,
      addresses: draft.addresses,
      websites: draft.websites,
      notes: draft.notes,
      tags: draft.tags,
      type: draft.type,
      status: draft.status,
      searchText: searchParts.filter(Boolean).join(' '),
      // Nameless contacts sort last ("~" is after the letters), then by email.
      sortKey: sortName || `~${draft.emails[0]?.address.toLowerCase() ?? ''}`,
    },
    keys: matchKeys({ firstName: draft.firstName, lastName: draft.lastName, emails: draft.emails, phones }),
  };
}

export function toContact(row: ContactRow): Contact {
  let birthday: Birthday | null = null;
  if (row.birthdayMonth && row.birthdayDay) {
    birthday = row.birthdayYear
      ? { year: row.birthdayYear, month: row.birthdayMonth, day: row.birthdayDay }
      : { month: row.birthdayMonth, day: row.birthdayDay };
  }
  return {
    id: row.id,
    firstName: row.firstName,
    middleName: row.middleName,
    lastName: row.lastName,
    company: row.company,
    jobTitle: row.jobTitle,
    birthday,
    emails: row.emails,
    phones: row.phones.map(({ number, label }) => ({ number, label })),
    addresses: row.addresses,
    websites: row.websites,
    notes: row.notes,
    tags: row.tags,
    type: row.type as ContactType,
    status: row.status as ContactStatus,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDraft(contact: Contact): ContactDraft {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...draft } = contact;
  return draft;
}

/** Inserts contacts and their match keys in the caller's transaction; returns them in input order. */
export async function insertContacts(
  tx: Executor,
  ownerId: string,
  drafts: readonly ContactDraft[],
  region: string,
): Promise<Contact[]> {
  const ids = await insertPrepared(
    tx,
    ownerId,
    drafts.map((draft) => prepareContact(draft, region)),
  );
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.ownerId, ownerId), inArray(contacts.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, toContact(row)]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Inserts prepared contacts and their match keys; returns the new ids in input order. The rows
 * travel as one JSON parameter: building a 1,000-row VALUES list with the query builder cost more
 * than the database's work (measured in docs/benchmarks.md).
 */
export async function insertPrepared(
  tx: Executor,
  ownerId: string,
  prepared: readonly PreparedContact[],
): Promise<string[]> {
  if (prepared.length === 0) return [];
  const ids = prepared.map(() => randomUUID());
  const records = prepared.map(({ values: v }, i) => ({
    id: ids[i],
    first_name: v.firstName,
    middle_name: v.middleName,
    last_name: v.lastName,
    company: v.company,
    job_title: v.jobTitle,
    birthday_year: v.birthdayYear,
    birthday_month: v.birthdayMonth,
    birthday_day: v.birthdayDay,
    emails: v.emails,
    phones: v.phones,
    addresses: v.addresses,
    websites: v.websites,
    notes: v.notes,
    tags: v.tags,
    type: v.type,
    status: v.status,
    search_text: v.searchText,
    sort_key: v.sortKey,
  }));
  await tx.execute(sql`
    insert into contacts (owner_id, id, first_name, middle_name, last_name, company, job_title,
      birthday_year, birthday_month, birthday_day, emails, phones, addresses, websites, notes, tags,
      type, status, search_text, sort_key)
    select ${ownerId}::uuid, id, first_name, middle_name, last_name, company, job_title,
      birthday_year, birthday_month, birthday_day, emails, phones, addresses, websites, notes, tags,
      type, status, search_text, sort_key
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id uuid, first_name text,
      middle_name text, last_name text, company text, job_title text, birthday_year smallint,
      birthday_month smallint, birthday_day smallint, emails jsonb, phones jsonb, addresses jsonb,
      websites jsonb, notes text, tags text[], type text, status text, search_text text, sort_key text)`);

  const keys = prepared.flatMap((p, i) => p.keys.map((key) => [key, ids[i]!] as const));
  if (keys.length > 0) {
    await tx.execute(sql`
      insert into contact_match_keys (owner_id, key, contact_id)
      select ${ownerId}::uuid, k, c from unnest(${sql.param(keys.map(([k]) => k))}::text[], ${sql.param(keys.map(([, c]) => c))}::uuid[]) as u(k, c)
      on conflict do nothing`);
  }
  return ids;
}

export async function getContact(db: Executor, ownerId: string, id: string): Promise<Contact> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.ownerId, ownerId), eq(contacts.id, id)));
  if (!rows[0]) throw new AppError('not_found');
  return toContact(rows[0]);
}

/**
 * Replaces a contact's fields with `draft` and bumps its version. With `expectedVersion`, refuses
 * (409) when someone else changed it since it was read.
 */
export async function replaceContact(
  tx: Executor,
  ownerId: string,
  id: string,
  draft: ContactDraft,
  region: string,
  expectedVersion?: number,
): Promise<Contact> {
  const { values, keys } = prepareContact(draft, region);
  const conditions = [eq(contacts.ownerId, ownerId), eq(contacts.id, id)];
  if (expectedVersion !== undefined) conditions.push(eq(contacts.version, expectedVersion));
  const rows = await tx
    .update(contacts)
    .set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
    .where(and(...conditions))
    .returning();
  if (!rows[0]) {
    await getContact(tx, ownerId, id); // 404 when it does not exist at all
    throw new AppError('version_conflict');
  }
  await tx
    .delete(contactMatchKeys)
    .where(and(eq(contactMatchKeys.ownerId, ownerId), eq(contactMatchKeys.contactId, id)));
  if (keys.length > 0) {
    await tx
      .insert(contactMatchKeys)
      .values(keys.map((key) => ({ ownerId, key, contactId: id })))
      .onConflictDoNothing();
  }
  return toContact(rows[0]);
}

export async function deleteContact(db: Executor, ownerId: string, id: string): Promise<void> {
  const rows = await db
    .delete(contacts)
    .where(and(eq(contacts.ownerId, ownerId), eq(contacts.id, id)))
    .returning({ id: contacts.id });
  if (!rows[0]) throw new AppError('not_found');
}

/** For each given match key, the ids of this owner's contacts that carry it: one batched query. */
export async function findContactsByMatchKeys(
  db: Executor,
  ownerId: string,
  keys: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const unique = [...new Set(keys)];
  if (unique.length === 0) return found;
  const rows = await db
    .select({ key: contactMatchKeys.key, contactId: contactMatchKeys.contactId })
    .from(contactMatchKeys)
    .where(
      and(
        eq(contactMatchKeys.ownerId, ownerId),
        sql`${contactMatchKeys.key} = any(${sql.param(unique)}::text[])`,
      ),
    );
  for (const row of rows) found.set(row.key, [...(found.get(row.key) ?? []), row.contactId]);
  return found;
}

export interface ListQuery {
  q?: string | undefined;
  type?: ContactType | undefined;
  status?: ContactStatus | undefined;
  tag?: string | undefined;
  /** linked or pending (in the sync), or not-synced. */
  sync?: 'linked' | 'pending' | 'not-synced' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listContacts(
  db: Executor,
  ownerId: string,
  query: ListQuery,
): Promise<{ items: Contact[]; nextCursor: string | null }> {
  const conditions: SQL[] = [eq(contacts.ownerId, ownerId)];
  if (query.type) conditions.push(eq(contacts.type, query.type));
  if (query.status) conditions.push(eq(contacts.status, query.status));
  if (query.tag) conditions.push(arrayContains(contacts.tags, [query.tag]));
  if (query.sync) conditions.push(syncStateCondition(query.sync));
  for (const term of searchTerms(query.q ?? ''))
    conditions.push(like(contacts.searchText, `%${escapeLike(term)}%`));
  if (query.cursor) {
    const [sortKey, id] = decodeCursor(query.cursor);
    conditions.push(sql`(${contacts.sortKey}, ${contacts.id}) > (${sortKey}, ${id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(contacts)
    .where(and(...conditions))
    .orderBy(asc(contacts.sortKey), asc(contacts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toContact),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}

function syncStateCondition(state: 'linked' | 'pending' | 'not-synced'): SQL {
  const link = sql`select 1 from ${syncLinks} where ${syncLinks.ownerId} = ${contacts.ownerId} and ${syncLinks.contactId} = ${contacts.id}`;
  if (state === 'not-synced') return sql`not exists (${link})`;
  const linkState = state === 'linked' ? 'linked' : 'pending-create';
  return sql`exists (${link} and ${syncLinks.state} = ${linkState})`;
}

/** Words of a search; a phone-like word is reduced to its digits so "+1 (555) 010" finds 1555010…. */
export function searchTerms(q: string): string[] {
  const trimmed = q.trim();
  if (!trimmed) return [];
  if (/^[\d\s().+\-/]+$/.test(trimmed) && (trimmed.match(/\d/g)?.length ?? 0) >= 3) {
    return [trimmed.replace(/\D/g, '')];
  }
  return foldText(trimmed).split(' ').filter(Boolean);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_cursor');
}
