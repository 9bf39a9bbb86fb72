import { type ListPage, ProviderError, type RemoteContact } from '../provider.ts';
import { classifyItemStatus } from './errors.ts';
import type { GoogleSession } from './google-session.ts';
import type { Person } from './people-types.ts';
import { remoteContactFromPerson, textOf } from './person-mapping.ts';
import { MAX_BATCH_GET } from './person-mask.ts';
import { chunked } from './write-outcomes.ts';

/** One page of connections.list: a full listing (cursor null) or the changes since the sync token. */
export async function listPage(
  session: GoogleSession,
  cursor: string | null,
  pageToken: string | null,
): Promise<ListPage> {
  const answer = await session.client.listConnections({ syncToken: cursor, pageToken });
  const people = answer.connections ?? [];
  for (const person of people) session.cache.remember(person, { fromList: true });
  return {
    contacts: people.map(remoteContactFromPerson),
    nextPageToken: answer.nextPageToken ?? null,
    // The sync token comes on the last page only (google-people.md §2).
    nextCursor: answer.nextPageToken ? null : (answer.nextSyncToken ?? null),
    ...(answer.totalItems !== undefined ? { totalItems: answer.totalItems } : {}),
  };
}

export async function getContacts(session: GoogleSession, remoteIds: string[]): Promise<RemoteContact[]> {
  const people = await readPeople(session, remoteIds);
  return [...people.values()].map(remoteContactFromPerson);
}

/**
 * The current versions by resource name, read with getBatchGet (at most 200 names a call, §3).
 * Contacts that no longer exist (or were renamed) are left out.
 */
export async function readPeople(session: GoogleSession, remoteIds: string[]): Promise<Map<string, Person>> {
  const found = new Map<string, Person>();
  for (const names of chunked([...new Set(remoteIds)], MAX_BATCH_GET)) {
    const answer = await session.client.batchGet(names);
    for (const item of answer.responses ?? []) {
      const error = classifyItemStatus(item.status);
      if (error && error.kind !== 'not-found') throw error;
      if (error || !item.person?.resourceName) continue;
      session.cache.remember(item.person, { fromList: false });
      found.set(item.requestedResourceName ?? item.person.resourceName, item.person);
    }
  }
  return found;
}

/** The signed-in user's address: the primary email of their own profile (google-people.md §1). */
export async function accountEmail(session: GoogleSession): Promise<string> {
  const profile = await session.client.profile();
  const emails = profile.emailAddresses ?? [];
  const email = emails.find((value) => value.metadata?.primary) ?? emails[0];
  const address = textOf(email?.value);
  if (!address) throw new ProviderError('invalid-data', 'The Google profile has no email address.');
  return address;
}
