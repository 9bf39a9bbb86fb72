import { toE164 } from '../../contacts/matching.ts';
import type { Birthday, Email, Phone, Website } from '../../contacts/model.ts';
import type { HomeAddress } from '../synced-fields.ts';

/**
 * How the merge compares synced values. Providers and the CRM disagree on how to say "nothing"
 * (null, "", blanks): treating those as different makes each side rewrite the other forever.
 */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export function sameText(a: string | null, b: string | null): boolean {
  return blankToNull(a) === blankToNull(b);
}

export function sameBirthday(a: Birthday | null, b: Birthday | null): boolean {
  if (a === null || b === null) return a === b;
  return (a.year ?? null) === (b.year ?? null) && a.month === b.month && a.day === b.day;
}

const ADDRESS_PARTS = ['street', 'city', 'region', 'postalCode', 'country'] as const;

/** An address whose every part is blank is no address at all. */
export function canonicalAddress(address: HomeAddress | null): HomeAddress | null {
  if (address === null) return null;
  const parts = {
    street: blankToNull(address.street),
    city: blankToNull(address.city),
    region: blankToNull(address.region),
    postalCode: blankToNull(address.postalCode),
    country: blankToNull(address.country),
  };
  return ADDRESS_PARTS.some((part) => parts[part] !== null) ? parts : null;
}

export function sameAddress(a: HomeAddress | null, b: HomeAddress | null): boolean {
  const left = canonicalAddress(a);
  const right = canonicalAddress(b);
  if (left === null || right === null) return left === right;
  return ADDRESS_PARTS.every((part) => left[part] === right[part]);
}

export function emailIdentity(email: Email): string {
  return email.address.trim().toLowerCase();
}

/**
 * E.164 when the number can be read as one, so a provider's reformatting ("(202) 555-0143" read
 * back as "+12025550143") is not mistaken for an edit; digits only otherwise.
 */
export function phoneIdentity(phone: Phone, region: string): string {
  const e164 = toE164(phone.number, region);
  if (e164) return e164;
  const digits = phone.number.replace(/\D/g, '');
  return digits === '' ? phone.number.trim().toLowerCase() : digits;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i;

/** Scheme and host are case-insensitive; the path is not. A trailing slash carries no meaning. */
export function websiteIdentity(website: Website): string {
  const match = URL_PARTS.exec(website.url.trim());
  const scheme = match?.[1] ?? '';
  const host = match?.[2] ?? '';
  const rest = match?.[3] ?? '';
  return `${scheme.toLowerCase()}${host.toLowerCase()}${rest}`.replace(/\/+$/, '');
}
