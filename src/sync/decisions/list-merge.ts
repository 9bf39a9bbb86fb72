import type { Recency } from './merge-recency.ts';
import { blankToNull } from './synced-values.ts';

/** How one kind of list item (phone, email, website) is identified and relabelled. */
export interface ListItemSpec<T> {
  /** The normalized value: two items with the same identity are the same value. */
  identity(item: T): string;
  label(item: T): string;
  withLabel(item: T, label: string): T;
}

/** What happened to the values of one list; counts only, so reasons carry no contact data. */
export interface ListMergeNotes {
  addedInCrm: number;
  addedInRemote: number;
  removedInCrm: number;
  removedInRemote: number;
  /** Removed on one side while the other changed its label: kept so the label edit is not lost. */
  keptDespiteRemoval: number;
  labelsFromCrm: number;
  labelsFromRemote: number;
}

export interface ListMergeResult<T> {
  items: T[];
  /** The losing side's items of each label conflict, as that side had them. */
  losers: T[];
  notes: ListMergeNotes;
}

interface ValueSides<T> {
  base: T | undefined;
  crm: T | undefined;
  remote: T | undefined;
}

type Fate<T> =
  | { keep: T; note?: keyof ListMergeNotes; loser?: T }
  | { keep: null; note?: keyof ListMergeNotes };

/**
 * Merges one list value by value. `base` is null on a first link, when every value counts as added
 * on the side that has it. The result keeps the CRM's order, then the remote's additions.
 */
export function mergeList<T>(
  spec: ListItemSpec<T>,
  lists: { base: readonly T[] | null; crm: readonly T[]; remote: readonly T[] },
  recency: Recency,
): ListMergeResult<T> {
  const base = keyed(spec, lists.base ?? []);
  const crm = keyed(spec, lists.crm);
  const remote = keyed(spec, lists.remote);
  const order = [...crm.keys(), ...[...remote.keys()].filter((key) => !crm.has(key))];
  const result: ListMergeResult<T> = { items: [], losers: [], notes: emptyNotes() };
  for (const key of order) {
    const fate = mergeValue(
      spec,
      { base: base.get(key), crm: crm.get(key), remote: remote.get(key) },
      recency,
    );
    if (fate.note) result.notes[fate.note] += 1;
    if (fate.keep !== null) result.items.push(fate.keep);
    if ('loser' in fate && fate.loser !== undefined) result.losers.push(fate.loser);
  }
  return result;
}

/** True when both lists hold the same values with the same labels, in any order. */
export function sameList<T>(spec: ListItemSpec<T>, a: readonly T[], b: readonly T[]): boolean {
  const signature = (items: readonly T[]) =>
    items.map((item) => `${spec.identity(item)}\u001f${blankToNull(spec.label(item)) ?? ''}`).sort();
  const left = signature(a);
  const right = signature(b);
  return left.length === right.length && left.every((entry, i) => entry === right[i]);
}

/**
 * Items by identity. A repeated identity gets an occurrence number (the CRM allows the same number
 * as both a phone and a fax), so the second one is merged on its own instead of being dropped.
 */
function keyed<T>(spec: ListItemSpec<T>, items: readonly T[]): Map<string, T> {
  const byKey = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const identity = spec.identity(item);
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    byKey.set(`${identity}\u001f${occurrence}`, item);
  }
  return byKey;
}

function mergeValue<T>(spec: ListItemSpec<T>, value: ValueSides<T>, recency: Recency): Fate<T> {
  const { base, crm, remote } = value;
  if (crm !== undefined && remote !== undefined) return mergeLabels(spec, { base, crm, remote }, recency);
  if (crm !== undefined) return onlyOneSideHas(spec, base, crm, 'crm');
  if (remote !== undefined) return onlyOneSideHas(spec, base, remote, 'remote');
  return { keep: null };
}

/** A value present on one side only: added there, or removed on the other side. */
function onlyOneSideHas<T>(
  spec: ListItemSpec<T>,
  base: T | undefined,
  item: T,
  side: 'crm' | 'remote',
): Fate<T> {
  if (base === undefined) return { keep: item, note: side === 'crm' ? 'addedInCrm' : 'addedInRemote' };
  if (!sameLabel(spec, base, item)) return { keep: item, note: 'keptDespiteRemoval' };
  return { keep: null, note: side === 'crm' ? 'removedInRemote' : 'removedInCrm' };
}

/** A value both sides hold: the labels merge like a scalar. The CRM's text is kept. */
function mergeLabels<T>(
  spec: ListItemSpec<T>,
  { base, crm, remote }: { base: T | undefined; crm: T; remote: T },
  recency: Recency,
): Fate<T> {
  if (sameLabel(spec, crm, remote)) return { keep: crm };
  const crmChanged = base === undefined || !sameLabel(spec, base, crm);
  const remoteChanged = base === undefined || !sameLabel(spec, base, remote);
  if (!remoteChanged) return { keep: crm, note: 'labelsFromCrm' };
  if (!crmChanged) return { keep: spec.withLabel(crm, spec.label(remote)), note: 'labelsFromRemote' };
  return recency.winner === 'crm'
    ? { keep: crm, note: 'labelsFromCrm', loser: remote }
    : { keep: spec.withLabel(crm, spec.label(remote)), note: 'labelsFromRemote', loser: crm };
}

function sameLabel<T>(spec: ListItemSpec<T>, a: T, b: T): boolean {
  return blankToNull(spec.label(a)) === blankToNull(spec.label(b));
}

function emptyNotes(): ListMergeNotes {
  return {
    addedInCrm: 0,
    addedInRemote: 0,
    removedInCrm: 0,
    removedInRemote: 0,
    keptDespiteRemoval: 0,
    labelsFromCrm: 0,
    labelsFromRemote: 0,
  };
}
