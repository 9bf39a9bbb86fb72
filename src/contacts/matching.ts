import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Lower case, no accents, single spaces, trimmed: how names and search text are compared. */
export function foldText(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** E.164 form of a phone number, or null when it cannot be read as one. */
export function toE164(number: string, defaultRegion: string): string | null {
  const parsed = parsePhoneNumberFromString(number, defaultRegion as CountryCode);
  return parsed?.isPossible() ? parsed.number : null;
}

export interface MatchableContact {
  firstName: string | null;
  lastName: string | null;
  emails: readonly { address: string }[];
  /** Phones already reduced to E.164 (null when unparseable: such a number never matches). */
  phones: readonly { e164: string | null }[];
}

/**
 * The keys under which the same-person rule can find this contact: one for each email and one for
 * each E.164 phone, each joined to the folded first and last name. No key without both names.
 */
export function matchKeys(contact: MatchableContact): string[] {
  const first = foldText(contact.firstName ?? '');
  const last = foldText(contact.lastName ?? '');
  if (!first || !last) return [];
  const name = `${first}\u001f${last}`;
  const keys = new Set<string>();
  for (const email of contact.emails) {
    const address = email.address.trim().toLowerCase();
    if (address) keys.add(`${name}\u001fe:${address}`);
  }
  for (const phone of contact.phones) if (phone.e164) keys.add(`${name}\u001fp:${phone.e164}`);
  return [...keys];
}

export type SamePersonVerdict =
  | { same: true; reason: 'shared-email' | 'shared-phone'; value: string }
  | { same: false; reason: 'missing-name' | 'different-name' | 'nothing-shared' };

/** PRODUCT.md "Duplicates": same folded first and last name, and one shared email or E.164 phone. */
export function samePerson(a: MatchableContact, b: MatchableContact): SamePersonVerdict {
  const names = [a.firstName, a.lastName, b.firstName, b.lastName].map((n) => foldText(n ?? ''));
  if (names.some((n) => n === '')) return { same: false, reason: 'missing-name' };
  if (names[0] !== names[2] || names[1] !== names[3]) return { same: false, reason: 'different-name' };
  const emailsOfB = new Set(b.emails.map((e) => e.address.trim().toLowerCase()));
  const email = a.emails.map((e) => e.address.trim().toLowerCase()).find((e) => e && emailsOfB.has(e));
  if (email) return { same: true, reason: 'shared-email', value: email };
  const phonesOfB = new Set(b.phones.map((p) => p.e164).filter(Boolean));
  const phone = a.phones.map((p) => p.e164).find((p) => p && phonesOfB.has(p));
  if (phone) return { same: true, reason: 'shared-phone', value: phone };
  return { same: false, reason: 'nothing-shared' };
}

/** True when the rule can never match this contact (the import report and the sync summary say so). */
export function isUnmatchable(contact: MatchableContact): boolean {
  return matchKeys(contact).length === 0;
}
