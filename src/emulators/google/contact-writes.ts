import { ETAG_MISMATCH_MESSAGE, failedPrecondition, invalidArgument, notFound } from './errors.ts';
import { checkSingletons, type PersonInput, readPersonInput, type WritableField } from './person-fields.ts';
import type { PersonAccount, StoredPerson } from './person-store.ts';
import { checkMemberships, withDefaultMembership } from './person-values.ts';

/**
 * The checks and effects behind createContact, updateContact and their batch forms. Each write is
 * checked completely before anything is stored, so a refused batch leaves the account unchanged.
 */

/** The resource name `people/c123` (or the bare id `c123`) as the store's id. */
export function contactId(resourceName: string): string {
  return resourceName.startsWith('people/') ? resourceName.slice('people/'.length) : resourceName;
}

export function findContact(account: PersonAccount, resourceName: string): StoredPerson {
  const person = account.get(contactId(resourceName));
  if (!person) throw notFound();
  return person;
}

/** A new contact's fields, checked: singletons, memberships (myContacts when none given). */
export function prepareCreate(body: unknown, where = 'person'): PersonInput {
  const input = withDefaultMembership(readPersonInput(body, where));
  checkSingletons(input);
  checkMemberships(input.memberships ?? [], new Set());
  return input;
}

/** Google Contacts holds at most `max` contacts an account; the exact error Google gives is not documented. */
export function checkRoom(account: PersonAccount, adding: number, max: number): void {
  if (account.size + adding > max) {
    throw failedPrecondition(
      `The account has reached the maximum of ${max} contacts; delete contacts before creating more.`,
    );
  }
}

export interface PreparedUpdate {
  person: StoredPerson;
  input: PersonInput;
  fields: Set<WritableField>;
}

/** Checks an update: the etag, the named fields' values, singletons and memberships. */
export function prepareUpdate(
  account: PersonAccount,
  resourceName: string,
  body: unknown,
  fields: Set<WritableField>,
): PreparedUpdate {
  const person = findContact(account, resourceName);
  checkEtag(person, body);
  const input = readPersonInput(body);
  // Only the named fields are written, so only they are held to the singleton rule.
  checkSingletons(Object.fromEntries([...fields].map((field) => [field, input[field]])));
  if (fields.has('memberships')) checkMemberships(input.memberships ?? [], currentGroups(person));
  return { person, input, fields };
}

export function applyUpdate(account: PersonAccount, update: PreparedUpdate): StoredPerson {
  return account.update(update.person, update.input, update.fields);
}

function currentGroups(person: StoredPerson): Set<string> {
  const groups = new Set<string>();
  const memberships = JSON.parse(person.fields.memberships ?? '[]') as Record<string, unknown>[];
  for (const membership of memberships) {
    const name = (membership.contactGroupMembership as Record<string, unknown> | undefined)
      ?.contactGroupResourceName;
    if (typeof name === 'string') groups.add(name);
  }
  return groups;
}

/**
 * Google's optimistic concurrency: the request names the version it edits, by the person's etag or
 * its CONTACT source's etag, and a stale one is refused.
 */
function checkEtag(person: StoredPerson, body: unknown): void {
  const sent = body as { etag?: unknown; metadata?: { sources?: unknown } } | null;
  if (typeof sent?.etag === 'string') {
    if (sent.etag !== person.etag) throw failedPrecondition(ETAG_MISMATCH_MESSAGE);
    return;
  }
  const sourceEtag = contactSourceEtag(sent?.metadata?.sources);
  if (sourceEtag === undefined) {
    throw invalidArgument(
      'Request must set person.etag or person.metadata.sources with the etag of the contact source.',
    );
  }
  if (sourceEtag !== person.sourceEtag) {
    throw failedPrecondition(
      'Request person.metadata.sources.etag is different than the current person.metadata.sources.etag. Clear local cache and get the latest person.',
    );
  }
}

function contactSourceEtag(sources: unknown): string | undefined {
  if (!Array.isArray(sources)) return undefined;
  for (const source of sources as { type?: unknown; etag?: unknown }[]) {
    if (source?.type === 'CONTACT' && typeof source.etag === 'string') return source.etag;
  }
  return undefined;
}
