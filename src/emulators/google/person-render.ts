import type { PersonAccount, StoredPerson, Tombstone } from './person-store.ts';

/** In connections.list, Google returns at most this many emails and phone numbers per person. */
const LIST_VALUE_CAP = 100;
/** No serialized list of 100 values is shorter than this, so shorter ones need no counting. */
const SHORTEST_CAPPED_JSON = LIST_VALUE_CAP * 40;

export interface RenderOptions {
  /** connections.list trims emails and phones; get and batchGet return them all. */
  inList?: boolean;
  /** `previousResourceNames` is only populated on sync (syncToken) responses. */
  sync?: boolean;
}

/**
 * A stored contact as Google returns it, serialized: resourceName and etag always, the rest as
 * the mask asks. Built from the stored JSON strings, which is what keeps big pages fast.
 */
export function personJson(
  person: StoredPerson,
  mask: ReadonlySet<string>,
  options: RenderOptions = {},
): string {
  let out = `{"resourceName":"people/${person.id}","etag":${JSON.stringify(person.etag)}`;
  if (mask.has('metadata'))
    out += `,"metadata":${JSON.stringify(personMetadata(person, options.sync === true))}`;
  for (const [field, json] of Object.entries(person.fields)) {
    if (!mask.has(field)) continue;
    const capped = options.inList && (field === 'emailAddresses' || field === 'phoneNumbers');
    out += `,"${field}":${capped ? capValues(json) : json}`;
  }
  return `${out}}`;
}

/** The same contact as an object, for answers that carry one or a few persons. */
export function renderPerson(person: StoredPerson, mask: ReadonlySet<string>, options: RenderOptions = {}) {
  return JSON.parse(personJson(person, mask, options)) as Record<string, unknown>;
}

function capValues(json: string): string {
  if (json.length < SHORTEST_CAPPED_JSON) return json;
  const values = JSON.parse(json) as unknown[];
  return values.length > LIST_VALUE_CAP ? JSON.stringify(values.slice(0, LIST_VALUE_CAP)) : json;
}

function personMetadata(person: StoredPerson, sync: boolean) {
  return {
    sources: [{ ...person.source, etag: person.sourceEtag, updateTime: person.updateTime }],
    ...(sync && person.previousResourceNames.length > 0
      ? { previousResourceNames: person.previousResourceNames }
      : {}),
    objectType: 'PERSON',
  };
}

/** A deleted contact in a sync response: no data fields, only `metadata.deleted`. */
export function tombstoneJson(tombstone: Tombstone): string {
  return JSON.stringify({
    resourceName: `people/${tombstone.id}`,
    etag: tombstone.etag,
    metadata: { sources: [{ type: tombstone.source.type, id: tombstone.source.id }], deleted: true },
  });
}

/** `people/me`: the signed-in account's own profile, with its email verified. */
export function renderProfile(account: PersonAccount, mask: ReadonlySet<string>) {
  const source = { type: 'ACCOUNT', id: account.profileId };
  const localPart = account.email.split('@')[0] ?? account.email;
  const out: Record<string, unknown> = {
    resourceName: `people/${account.profileId}`,
    etag: `%EgMBAi4a${account.profileId}`,
  };
  if (mask.has('metadata')) out.metadata = { sources: [source], objectType: 'PERSON' };
  if (mask.has('emailAddresses')) {
    out.emailAddresses = [{ metadata: { primary: true, verified: true, source }, value: account.email }];
  }
  if (mask.has('names')) {
    out.names = [{ metadata: { primary: true, source }, displayName: localPart, givenName: localPart }];
  }
  return out;
}
