import { createHash, randomBytes } from 'node:crypto';
import { sortForListing } from './listing-order.ts';
import type { PersonInput, WritableField } from './person-fields.ts';
import { decorateField } from './person-values.ts';

type Value = Record<string, unknown>;

export type SortOrder =
  | 'LAST_MODIFIED_ASCENDING'
  | 'LAST_MODIFIED_DESCENDING'
  | 'FIRST_NAME_ASCENDING'
  | 'LAST_NAME_ASCENDING';

export interface StoredPerson {
  /** `c<decimal>`: the resource name without `people/`. */
  id: string;
  /** The CONTACT source id; Google's is the id's number in hexadecimal. */
  source: { type: 'CONTACT'; id: string };
  etag: string;
  sourceEtag: string;
  updateTime: string;
  /** Position in the account's modification order; also the sync watermark. */
  seq: number;
  /**
   * Each field's values as Google returns them, kept serialized: a JSON string takes a fraction of
   * the memory of the objects, and a listing page is assembled from the strings without
   * re-serializing thousands of values.
   */
  fields: Partial<Record<WritableField, string>>;
  /** Lower-cased given and family names, for the name sort orders. */
  sortNames: { given: string; family: string };
  previousResourceNames: string[];
}

export interface Tombstone {
  id: string;
  source: { type: 'CONTACT'; id: string };
  etag: string;
  seq: number;
}

interface Change {
  seq: number;
  id: string;
  /** When the change was made (emulator clock), for the propagation delay. */
  at: number;
}

/** What changed after a sync watermark: live persons and deletion stubs, oldest change first. */
export interface ChangeSet {
  entries: (StoredPerson | Tombstone)[];
  /** Every change up to here is included; the next sync token starts from it. */
  watermark: number;
}

export function isTombstone(entry: StoredPerson | Tombstone): entry is Tombstone {
  return !('fields' in entry);
}

function newContactId(taken: (id: string) => boolean): { id: string; sourceId: string } {
  for (;;) {
    const bytes = randomBytes(8);
    bytes[0] = bytes[0]! & 0x7f;
    const sourceId = bytes.toString('hex');
    const id = `c${BigInt(`0x${sourceId}`).toString()}`;
    if (!taken(id)) return { id, sourceId: sourceId.replace(/^0+/, '') };
  }
}

function etagsFor(id: string, seq: number): { etag: string; sourceEtag: string } {
  const digest = createHash('sha256').update(`${id}:${seq}`).digest();
  return {
    etag: `%EgUBAgMELhoEAQIFByIM${digest.subarray(0, 12).toString('base64')}`,
    sourceEtag: `#${digest.subarray(12, 20).toString('base64')}`,
  };
}

/** One Google account's contacts, kept in modification order, with a change log for sync tokens. */
export class PersonAccount {
  /** Map insertion order is the last-modified order: a modified person is re-inserted at the end. */
  private persons = new Map<string, StoredPerson>();
  private tombstones = new Map<string, Tombstone>();
  private changes: Change[] = [];
  private sortedCache: { seq: number; order: SortOrder; persons: StoredPerson[] } | undefined;
  private seq = 0;
  /** Raised by the control API's expire-cursors; sync tokens from an older epoch are expired. */
  cursorEpoch = 0;
  /** The numeric id behind `people/me`. */
  readonly profileId = BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString()
    .slice(0, 21);

  constructor(
    readonly email: string,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.persons.size;
  }

  get currentSeq(): number {
    return this.seq;
  }

  get(id: string): StoredPerson | undefined {
    return this.persons.get(id);
  }

  all(): StoredPerson[] {
    return [...this.persons.values()];
  }

  create(input: PersonInput): StoredPerson {
    const { id, sourceId } = newContactId(
      (candidate) => this.persons.has(candidate) || this.tombstones.has(candidate),
    );
    const person: StoredPerson = {
      id,
      source: { type: 'CONTACT', id: sourceId },
      etag: '',
      sourceEtag: '',
      updateTime: '',
      seq: 0,
      fields: {},
      sortNames: { given: '', family: '' },
      previousResourceNames: [],
    };
    this.replaceFields(person, input, Object.keys(input) as WritableField[]);
    this.touch(person);
    return person;
  }

  /** Replaces the named fields wholesale (absent in `input` means cleared); others stay untouched. */
  update(person: StoredPerson, input: PersonInput, fields: Iterable<WritableField>): StoredPerson {
    this.replaceFields(person, input, fields);
    this.touch(person);
    return person;
  }

  delete(id: string): boolean {
    const person = this.persons.get(id);
    if (!person) return false;
    this.persons.delete(id);
    const seq = this.nextSeq(id);
    this.tombstones.set(id, { id, source: person.source, etag: etagsFor(id, seq).etag, seq });
    return true;
  }

  /**
   * Gives the contact a new resource name, as Google does when a contact gets linked to a profile;
   * the old name is remembered for `metadata.previousResourceNames` on sync responses.
   */
  rename(id: string): StoredPerson | undefined {
    const person = this.persons.get(id);
    if (!person) return undefined;
    const next = newContactId((candidate) => this.persons.has(candidate) || this.tombstones.has(candidate));
    this.persons.delete(id);
    person.previousResourceNames = [...person.previousResourceNames, `people/${id}`];
    person.id = next.id;
    this.touch(person);
    return person;
  }

  ordered(order: SortOrder): StoredPerson[] {
    if (this.sortedCache?.seq === this.seq && this.sortedCache.order === order)
      return this.sortedCache.persons;
    const persons = sortForListing(this.all(), order);
    this.sortedCache = { seq: this.seq, order, persons };
    return persons;
  }

  /**
   * The changes after `fromSeq` that have propagated (made at least `delayMs` ago), oldest first.
   * Each person appears once, in its latest state; the watermark stops before the first change not
   * yet visible, and nothing changed after the watermark is included.
   */
  changesSince(fromSeq: number, delayMs: number): ChangeSet {
    const visibleBefore = this.now() - delayMs;
    let watermark = this.seq;
    const latest = new Map<string, number>();
    for (let i = firstAfter(this.changes, fromSeq); i < this.changes.length; i++) {
      const change = this.changes[i]!;
      if (change.at > visibleBefore) {
        watermark = Math.min(watermark, change.seq - 1);
        continue;
      }
      latest.delete(change.id);
      latest.set(change.id, change.seq);
    }
    const entries: (StoredPerson | Tombstone)[] = [];
    for (const id of latest.keys()) {
      const entry = this.persons.get(id) ?? this.tombstones.get(id);
      // A later change not yet visible holds the whole person back until it propagates.
      if (entry && entry.seq <= watermark) entries.push(entry);
    }
    return { entries, watermark };
  }

  private replaceFields(person: StoredPerson, input: PersonInput, fields: Iterable<WritableField>): void {
    for (const field of fields) {
      const values = input[field] ?? [];
      if (values.length === 0) delete person.fields[field];
      else person.fields[field] = JSON.stringify(decorateField(field, values, person.source));
      if (field === 'names') person.sortNames = sortNames(values[0]);
    }
  }

  private touch(person: StoredPerson): void {
    this.persons.delete(person.id);
    person.seq = this.nextSeq(person.id);
    const etags = etagsFor(person.id, person.seq);
    person.etag = etags.etag;
    person.sourceEtag = etags.sourceEtag;
    person.updateTime = new Date(this.now()).toISOString();
    this.persons.set(person.id, person);
  }

  private nextSeq(id: string): number {
    this.seq += 1;
    this.changes.push({ seq: this.seq, id, at: this.now() });
    return this.seq;
  }
}

function sortNames(name: Value | undefined): StoredPerson['sortNames'] {
  const part = (value: unknown) => (typeof value === 'string' ? value.toLocaleLowerCase() : '');
  return { given: part(name?.givenName), family: part(name?.familyName) };
}

/** Binary search in the change log, which is ordered by seq. */
function firstAfter(changes: Change[], seq: number): number {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (changes[mid]!.seq <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Every emulated Google account, by lower-case email. */
export class GoogleStore {
  private accounts = new Map<string, PersonAccount>();
  /** Raised by reset, so sync and page tokens issued before it are no longer accepted. */
  generation = 0;

  constructor(private readonly now: () => number) {}

  createAccount(email: string): PersonAccount {
    const key = email.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) return existing;
    const account = new PersonAccount(key, this.now);
    this.accounts.set(key, account);
    return account;
  }

  account(email: string): PersonAccount | undefined {
    return this.accounts.get(email.toLowerCase());
  }

  emails(): string[] {
    return [...this.accounts.keys()];
  }

  reset(): void {
    this.accounts.clear();
    this.generation += 1;
  }
}
