import { type ContactUpdate, type ContactWrite, ProviderError, type WriteOutcome } from '../provider.ts';
import { readPeople } from './contact-reads.ts';
import { classifyItemStatus } from './errors.ts';
import type { GoogleSession } from './google-session.ts';
import type { Person, PersonResponse } from './people-types.ts';
import { crmContactIdOf } from './person-mapping.ts';
import { MAX_BATCH_WRITE, type WrittenPersonField } from './person-mask.ts';
import { personForCreate, personUpdate } from './person-writing.ts';
import { asProviderError, chunked, failed, sendInTurn, succeeded } from './write-outcomes.ts';

/** Creates in batches of at most 200 (google-people.md §3); one alone goes to createContact. */
export function createContacts(session: GoogleSession, writes: ContactWrite[]): Promise<WriteOutcome[]> {
  const people = writes.map((write) => personForCreate(write, session.writeOptions));
  return sendInTurn(chunked(people, MAX_BATCH_WRITE), (group) => sendCreates(session, group));
}

async function sendCreates(session: GoogleSession, people: Person[]): Promise<WriteOutcome[]> {
  if (people.length === 1 && people[0])
    return [remembered(session, await session.client.createContact(people[0]))];
  const answer = await session.client.batchCreateContacts(people);
  // Each answer is matched to its request by the CRM id it carries rather than by position.
  const byCrmId = new Map<string, PersonResponse>();
  for (const item of answer.createdPeople ?? []) {
    const id = item.person ? crmContactIdOf(item.person) : null;
    if (id) byCrmId.set(id, item);
  }
  return people.map((person) => itemOutcome(session, byCrmId.get(crmContactIdOf(person) ?? '')));
}

interface PendingUpdate {
  index: number;
  remoteId: string;
  mask: WrittenPersonField[];
  person: Person;
}

/**
 * Updates that change only the Person fields holding changed synced fields, merged into the
 * contact's current values. The current values come from the cache when it holds the very version
 * the engine saw (its etag), otherwise from one getBatchGet; a contact that moved on since is a
 * conflict without a write. Google still checks the etag on the write itself.
 */
export async function updateContacts(
  session: GoogleSession,
  updates: ContactUpdate[],
): Promise<WriteOutcome[]> {
  if (updates.length === 0) return [];
  let bases: Map<string, Person>;
  try {
    bases = await currentVersions(session, updates);
  } catch (error: unknown) {
    const providerError = asProviderError(error);
    return updates.map(() => failed(providerError));
  }
  const outcomes: WriteOutcome[] = [];
  const pending: PendingUpdate[] = [];
  updates.forEach((update, index) => {
    const base = bases.get(update.remoteId);
    const early = outcomeWithoutWrite(update, base);
    if (early) outcomes[index] = early;
    else if (base)
      pending.push({ index, remoteId: update.remoteId, ...personUpdate(base, update, session.writeOptions) });
  });
  const groups = groupedByMask(pending);
  const written = await sendInTurn(groups, (group) => sendUpdates(session, group));
  groups.flat().forEach((update, position) => {
    outcomes[update.index] = written[position] ?? failed(new ProviderError('temporary', 'No answer.'));
  });
  return outcomes;
}

async function currentVersions(
  session: GoogleSession,
  updates: ContactUpdate[],
): Promise<Map<string, Person>> {
  const bases = new Map<string, Person>();
  const missing: string[] = [];
  for (const update of updates) {
    const cached = session.cache.at(update.remoteId, update.etag);
    if (cached) bases.set(update.remoteId, cached);
    else missing.push(update.remoteId);
  }
  if (missing.length > 0)
    for (const [name, person] of await readPeople(session, missing)) bases.set(name, person);
  return bases;
}

function outcomeWithoutWrite(update: ContactUpdate, base: Person | undefined): WriteOutcome | undefined {
  if (!base)
    return failed(new ProviderError('not-found', `Google contact ${update.remoteId} does not exist.`));
  if (base.etag !== update.etag) {
    return failed(
      new ProviderError('conflict', `Google contact ${update.remoteId} changed since it was read.`, {
        providerCode: 'ETAG_MISMATCH',
      }),
    );
  }
  return update.changed.length === 0 ? succeeded(base) : undefined;
}

/** batchUpdateContacts has one updateMask for all its contacts, so only updates with the same mask share one. */
function groupedByMask(pending: PendingUpdate[]): PendingUpdate[][] {
  const byMask = new Map<string, PendingUpdate[]>();
  for (const update of pending) {
    const key = update.mask.join(',');
    byMask.set(key, [...(byMask.get(key) ?? []), update]);
  }
  return [...byMask.values()].flatMap((group) => chunked(group, MAX_BATCH_WRITE));
}

async function sendUpdates(session: GoogleSession, group: PendingUpdate[]): Promise<WriteOutcome[]> {
  const [first] = group;
  if (!first) return [];
  if (group.length === 1) {
    return [
      remembered(session, await session.client.updateContact(first.remoteId, first.person, first.mask)),
    ];
  }
  const contacts = Object.fromEntries(group.map((update) => [update.remoteId, update.person]));
  const answer = await session.client.batchUpdateContacts(contacts, first.mask);
  return group.map((update) => itemOutcome(session, answer.updateResult?.[update.remoteId]));
}

function itemOutcome(session: GoogleSession, item: PersonResponse | undefined): WriteOutcome {
  const error = classifyItemStatus(item?.status);
  if (error) return failed(error);
  if (!item?.person)
    return failed(new ProviderError('temporary', 'Google answered a batch without this contact.'));
  return remembered(session, item.person);
}

function remembered(session: GoogleSession, person: Person): WriteOutcome {
  session.cache.remember(person, { fromList: false });
  return succeeded(person);
}
