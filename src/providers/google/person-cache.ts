import type { Person } from './people-types.ts';
import { LIST_VALUE_CAP } from './person-mask.ts';

/**
 * The contacts as last read, by resource name, so that an update can merge into the current
 * values without reading the contact again. An entry only serves the exact etag it was read at,
 * so it can never stand in for a newer version. Bounded: the oldest entries are dropped first.
 */
export class PersonCache {
  private readonly people = new Map<string, Person>();

  constructor(private readonly maxEntries: number) {}

  remember(person: Person, options: { fromList: boolean }): void {
    const name = person.resourceName;
    if (!name) return;
    for (const previous of person.metadata?.previousResourceNames ?? []) this.people.delete(previous);
    this.people.delete(name);
    if (person.metadata?.deleted || (options.fromList && mayBeCapped(person))) return;
    this.people.set(name, person);
    if (this.people.size > this.maxEntries) {
      const oldest = this.people.keys().next();
      if (!oldest.done) this.people.delete(oldest.value);
    }
  }

  /** The contact as read at `etag`, if that is the version held. */
  at(resourceName: string, etag: string): Person | undefined {
    const person = this.people.get(resourceName);
    return person?.etag === etag ? person : undefined;
  }
}

/**
 * connections.list returns at most 100 emails and phone numbers a person (google-people.md §2):
 * such a listing may be missing values, and merging into it would delete them.
 */
function mayBeCapped(person: Person): boolean {
  return (
    (person.emailAddresses?.length ?? 0) >= LIST_VALUE_CAP ||
    (person.phoneNumbers?.length ?? 0) >= LIST_VALUE_CAP
  );
}
