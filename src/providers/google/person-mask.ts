import type { SyncedFieldName } from '../../sync/synced-fields.ts';

/**
 * The `personFields` mask of every read. A sync token is bound to the parameters of the listing
 * that issued it (google-people.md §2), so this string must never change: changing it forces every
 * connection into a full re-list. It names the Person fields holding synced fields, plus
 * `clientData` (our contact id) and `metadata` (deletions, previous resource names, update time).
 */
export const PERSON_FIELDS =
  'names,organizations,birthdays,addresses,phoneNumbers,emailAddresses,urls,clientData,metadata';

/** The `clientData` key under which a Google contact carries the CRM contact id it was created from. */
export const CONTACT_SYNC_ID_KEY = 'contactSyncId';

/** The Person fields the sync writes, each holding one or more synced fields, in a fixed order. */
export const WRITTEN_PERSON_FIELDS = [
  'names',
  'organizations',
  'birthdays',
  'addresses',
  'phoneNumbers',
  'emailAddresses',
  'urls',
] as const;

export type WrittenPersonField = (typeof WRITTEN_PERSON_FIELDS)[number];

export const PERSON_FIELD_OF: Record<SyncedFieldName, WrittenPersonField> = {
  firstName: 'names',
  lastName: 'names',
  company: 'organizations',
  jobTitle: 'organizations',
  birthday: 'birthdays',
  homeAddress: 'addresses',
  phones: 'phoneNumbers',
  emails: 'emailAddresses',
  websites: 'urls',
};

/** The Person fields to name in `updatePersonFields` for these changed synced fields. */
export function personFieldsFor(changed: readonly SyncedFieldName[]): WrittenPersonField[] {
  const wanted = new Set(changed.map((field) => PERSON_FIELD_OF[field]));
  return WRITTEN_PERSON_FIELDS.filter((field) => wanted.has(field));
}

/** Google caps emails and phone numbers at this many per person in connections.list (§2). */
export const LIST_VALUE_CAP = 100;

/** Google's batch limits (google-people.md §3, §10.7). */
export const MAX_BATCH_WRITE = 200;
export const MAX_BATCH_GET = 200;
/** The largest page connections.list serves (§2). */
export const MAX_PAGE_SIZE = 1000;
