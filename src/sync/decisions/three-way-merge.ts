import type { Email, Phone, Website } from '../../contacts/model.ts';
import type { SyncedFieldName, SyncedFields } from '../synced-fields.ts';
import { type ListItemSpec, type ListMergeNotes, mergeList, sameList } from './list-merge.ts';
import { type ChangeTimes, newerSide, type Recency, type Side } from './merge-recency.ts';
import {
  blankToNull,
  canonicalAddress,
  emailIdentity,
  phoneIdentity,
  sameAddress,
  sameBirthday,
  sameText,
  websiteIdentity,
} from './synced-values.ts';

export interface MergeInput extends ChangeTimes {
  /** The synced fields as both sides last agreed; null on a first link (nothing agreed yet). */
  base: SyncedFields | null;
  crm: SyncedFields;
  remote: SyncedFields;
  /** ISO 3166 country used to read phone numbers written without a country code, e.g. "US". */
  region: string;
}

export type FieldOutcome = 'unchanged' | 'took-crm' | 'took-remote' | 'merged' | 'conflict';

export interface FieldDecision {
  field: SyncedFieldName;
  outcome: FieldOutcome;
  /** Set on a conflict: the side whose value was kept. */
  winner?: Side;
  /** Set on a conflict: what the losing side had, kept in history for a one-click restore. */
  loserValue?: unknown;
  reason: string;
}

export interface MergeResult {
  merged: SyncedFields;
  crmNeedsUpdate: boolean;
  remoteNeedsUpdate: boolean;
  /** Fields whose merged value differs from the CRM's: write these to the CRM. */
  changedForCrm: SyncedFieldName[];
  /** Fields whose merged value differs from the remote's: send only these to the provider. */
  changedForRemote: SyncedFieldName[];
  /** One per synced field, in SYNCED_FIELD_NAMES order. */
  decisions: FieldDecision[];
}

type ScalarFieldName = 'firstName' | 'lastName' | 'company' | 'jobTitle' | 'birthday' | 'homeAddress';
type ListFieldName = 'phones' | 'emails' | 'websites';

interface ScalarSpec<T> {
  /** The value in the form the merge writes: blanks become null, so "" never travels. */
  canonical(value: T): T;
  isEmpty(value: T): boolean;
  equal(a: T, b: T): boolean;
}

const TEXT: ScalarSpec<string | null> = {
  canonical: (value) => (blankToNull(value) === null ? null : value),
  isEmpty: (value) => blankToNull(value) === null,
  equal: sameText,
};

const SCALARS: { [F in ScalarFieldName]: ScalarSpec<SyncedFields[F]> } = {
  firstName: TEXT,
  lastName: TEXT,
  company: TEXT,
  jobTitle: TEXT,
  birthday: { canonical: (value) => value, isEmpty: (value) => value === null, equal: sameBirthday },
  homeAddress: {
    canonical: canonicalAddress,
    isEmpty: (value) => canonicalAddress(value) === null,
    equal: sameAddress,
  },
};

const EMAILS: ListItemSpec<Email> = {
  identity: emailIdentity,
  label: (email) => email.label,
  withLabel: (email, label) => ({ ...email, label }),
};

const WEBSITES: ListItemSpec<Website> = {
  identity: websiteIdentity,
  label: (website) => website.label,
  withLabel: (website, label) => ({ ...website, label }),
};

function phonesIn(region: string): ListItemSpec<Phone> {
  return {
    identity: (phone) => phoneIdentity(phone, region),
    label: (phone) => phone.label,
    withLabel: (phone, label) => ({ ...phone, label }),
  };
}

/**
 * The three-way merge of the synced fields (ARCHITECTURE.md, "Pull"). A field changed on one side
 * only is taken from that side; changed on both sides to different values, the more recent change
 * wins and the other value is returned so history can offer it back. Lists merge value by value.
 */
export function mergeSyncedFields(input: MergeInput): MergeResult {
  const recency = newerSide(input);
  const scalar = <F extends ScalarFieldName>(field: F) => mergeScalarField(field, input, recency);
  const firstName = scalar('firstName');
  const lastName = scalar('lastName');
  const company = scalar('company');
  const jobTitle = scalar('jobTitle');
  const birthday = scalar('birthday');
  const homeAddress = scalar('homeAddress');
  const phones = mergeListField('phones', phonesIn(input.region), listsOf(input, 'phones'), recency);
  const emails = mergeListField('emails', EMAILS, listsOf(input, 'emails'), recency);
  const websites = mergeListField('websites', WEBSITES, listsOf(input, 'websites'), recency);
  const fields = [firstName, lastName, company, jobTitle, birthday, homeAddress, phones, emails, websites];
  const changedForCrm = fields.filter((f) => f.changedForCrm).map((f) => f.decision.field);
  const changedForRemote = fields.filter((f) => f.changedForRemote).map((f) => f.decision.field);
  return {
    merged: {
      firstName: firstName.value,
      lastName: lastName.value,
      company: company.value,
      jobTitle: jobTitle.value,
      birthday: birthday.value,
      homeAddress: homeAddress.value,
      phones: phones.value,
      emails: emails.value,
      websites: websites.value,
    },
    crmNeedsUpdate: changedForCrm.length > 0,
    remoteNeedsUpdate: changedForRemote.length > 0,
    changedForCrm,
    changedForRemote,
    decisions: fields.map((f) => f.decision),
  };
}

interface FieldMerge<T> {
  value: T;
  decision: FieldDecision;
  changedForCrm: boolean;
  changedForRemote: boolean;
}

function mergeScalarField<F extends ScalarFieldName>(
  field: F,
  { base, crm, remote }: MergeInput,
  recency: Recency,
): FieldMerge<SyncedFields[F]> {
  const spec: ScalarSpec<SyncedFields[F]> = SCALARS[field];
  const picked = pickScalar(
    spec,
    base === null ? null : { value: base[field] },
    crm[field],
    remote[field],
    recency,
  );
  const value = spec.canonical(picked.value);
  return {
    value,
    decision: { field, ...picked.decision },
    changedForCrm: !spec.equal(value, crm[field]),
    changedForRemote: !spec.equal(value, remote[field]),
  };
}

type Picked<T> = { value: T; decision: Omit<FieldDecision, 'field'> };

/** `base` is null on a first link: both sides then count as changed. */
function pickScalar<T>(
  spec: ScalarSpec<T>,
  base: { value: T } | null,
  crm: T,
  remote: T,
  recency: Recency,
): Picked<T> {
  if (spec.equal(crm, remote)) return agreed(base !== null && !spec.equal(base.value, crm), crm);
  if (base === null) return pickOnFirstLink(spec, crm, remote, recency);
  const crmChanged = !spec.equal(base.value, crm);
  const remoteChanged = !spec.equal(base.value, remote);
  if (!remoteChanged) return took('crm', crm, 'only the CRM changed it since the last sync');
  if (!crmChanged) return took('remote', remote, 'only the remote changed it since the last sync');
  return conflict(crm, remote, recency, 'both sides changed it to different values');
}

function agreed<T>(bothChanged: boolean, value: T): Picked<T> {
  const reason = bothChanged ? 'both sides made the same change' : 'both sides agree';
  return { value, decision: { outcome: 'unchanged', reason } };
}

function pickOnFirstLink<T>(spec: ScalarSpec<T>, crm: T, remote: T, recency: Recency): Picked<T> {
  if (spec.isEmpty(crm)) return took('remote', remote, 'first link: only the remote has a value');
  if (spec.isEmpty(remote)) return took('crm', crm, 'first link: only the CRM has a value');
  return conflict(crm, remote, recency, 'first link: the sides hold different values');
}

function took<T>(side: Side, value: T, reason: string): Picked<T> {
  return { value, decision: { outcome: side === 'crm' ? 'took-crm' : 'took-remote', reason } };
}

function conflict<T>(crm: T, remote: T, recency: Recency, what: string): Picked<T> {
  const crmWins = recency.winner === 'crm';
  return {
    value: crmWins ? crm : remote,
    decision: {
      outcome: 'conflict',
      winner: recency.winner,
      loserValue: crmWins ? remote : crm,
      reason: `${what}; ${recency.why}`,
    },
  };
}

interface ListSides<T> {
  base: T[] | null;
  crm: T[];
  remote: T[];
}

function listsOf<F extends ListFieldName>(
  { base, crm, remote }: MergeInput,
  field: F,
): ListSides<SyncedFields[F][number]> {
  return { base: base === null ? null : base[field], crm: crm[field], remote: remote[field] };
}

function mergeListField<T>(
  field: ListFieldName,
  spec: ListItemSpec<T>,
  { base, crm, remote }: ListSides<T>,
  recency: Recency,
): FieldMerge<T[]> {
  const result = mergeList(spec, { base, crm, remote }, recency);
  const changedForCrm = !sameList(spec, result.items, crm);
  const changedForRemote = !sameList(spec, result.items, remote);
  return {
    value: result.items,
    decision: {
      field,
      ...listDecision(result.losers, result.notes, changedForCrm, changedForRemote, recency),
    },
    changedForCrm,
    changedForRemote,
  };
}

function listDecision(
  losers: unknown[],
  notes: ListMergeNotes,
  changedForCrm: boolean,
  changedForRemote: boolean,
  recency: Recency,
): Omit<FieldDecision, 'field'> {
  const summary = describeNotes(notes);
  if (losers.length > 0) {
    const reason = `both sides gave ${losers.length} value(s) different labels; ${recency.why}; ${summary}`;
    return { outcome: 'conflict', winner: recency.winner, loserValue: losers, reason };
  }
  if (!changedForCrm && !changedForRemote)
    return { outcome: 'unchanged', reason: `both sides agree; ${summary}` };
  if (!changedForCrm) return { outcome: 'took-crm', reason: summary };
  if (!changedForRemote) return { outcome: 'took-remote', reason: summary };
  return { outcome: 'merged', reason: summary };
}

const NOTE_WORDS: Record<keyof ListMergeNotes, string> = {
  addedInCrm: 'added in the CRM',
  addedInRemote: 'added on the remote',
  removedInCrm: 'removed in the CRM',
  removedInRemote: 'removed on the remote',
  keptDespiteRemoval: 'kept though removed on one side, because the other side changed its label',
  labelsFromCrm: 'label taken from the CRM',
  labelsFromRemote: 'label taken from the remote',
};

/** Counts only: reasons end up in logs, which carry no contact data. */
function describeNotes(notes: ListMergeNotes): string {
  const parts = (Object.keys(NOTE_WORDS) as (keyof ListMergeNotes)[])
    .filter((note) => notes[note] > 0)
    .map((note) => `${notes[note]} ${NOTE_WORDS[note]}`);
  return parts.length > 0 ? `per value: ${parts.join(', ')}` : 'no value changed';
}
