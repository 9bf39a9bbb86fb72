import type { SortOrder, StoredPerson, Tombstone } from './person-store.ts';

/**
 * Listing positions. Pages continue after the last key served rather than at an offset, so a
 * contact edited or deleted while a client pages does not shift unseen contacts past the cursor;
 * an edited one simply shows up again later or in the next incremental sync.
 */
export type ListKey = [number | string, string];

/** Incremental sync pages follow the change log, whatever the sort order. */
export type ListOrder = SortOrder | 'CHANGE_ORDER';

function nameKey(person: StoredPerson | Tombstone, part: 'givenName' | 'familyName'): string {
  if (!('fields' in person)) return '';
  return part === 'givenName' ? person.sortNames.given : person.sortNames.family;
}

export function keyOf(entry: StoredPerson | Tombstone, order: ListOrder): ListKey {
  switch (order) {
    case 'LAST_MODIFIED_DESCENDING':
      return [-entry.seq, ''];
    case 'FIRST_NAME_ASCENDING':
      return [nameKey(entry, 'givenName'), entry.id];
    case 'LAST_NAME_ASCENDING':
      return [nameKey(entry, 'familyName'), entry.id];
    default:
      return [entry.seq, ''];
  }
}

export function compareKeys(a: ListKey, b: ListKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

export function sortForListing(persons: StoredPerson[], order: SortOrder): StoredPerson[] {
  if (order === 'LAST_MODIFIED_ASCENDING') return persons;
  if (order === 'LAST_MODIFIED_DESCENDING') return persons.reverse();
  const keyed = persons.map((person) => ({ person, key: keyOf(person, order) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((entry) => entry.person);
}

/** Index of the first entry after `after` in entries sorted by `order` (binary search). */
export function indexAfter(
  entries: (StoredPerson | Tombstone)[],
  order: ListOrder,
  after: ListKey | undefined,
): number {
  if (!after) return 0;
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(keyOf(entries[mid]!, order), after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
