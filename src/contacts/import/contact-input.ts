import type { ErrorCode } from '../../server/errors.ts';
import type { ADDRESS_LABELS, EMAIL_LABELS, PhoneLabel, WEBSITE_LABELS } from '../model.ts';

export type EmailLabel = (typeof EMAIL_LABELS)[number];
export type AddressLabel = (typeof ADDRESS_LABELS)[number];
export type WebsiteLabel = (typeof WEBSITE_LABELS)[number];

export type ImportedBirthday = { year?: number; month: number; day: number };

export type ImportedAddress = {
  label: AddressLabel;
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
};

/**
 * One contact read from a file, shaped like `contactCreateSchema` input (without `type`). Values are
 * passed on as found, so that limits and formats are judged by the schema, in one place.
 */
export type ImportedContact = {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  company?: string;
  jobTitle?: string;
  birthday?: ImportedBirthday;
  emails?: { address: string; label: EmailLabel }[];
  phones?: { number: string; label: PhoneLabel }[];
  addresses?: ImportedAddress[];
  websites?: { url: string; label: WebsiteLabel }[];
  notes?: string;
  tags?: string[];
  status?: string;
};

/** The same fields, each of which may still be missing: what a row mapper assembles. */
export type ContactFields = { [K in keyof ImportedContact]?: ImportedContact[K] | undefined };

export interface RowError {
  code: ErrorCode;
  message: string;
  path?: string;
}

/** What a row mapper produces: the contact, and the reason it cannot be imported when there is one. */
export interface MappedRow {
  contact: ImportedContact;
  error?: RowError;
}

/** Trimmed text, or undefined when there is nothing but whitespace. */
export function cleanText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Drops missing values, blank strings and empty lists, so the contact holds only what the file had. */
export function compactContact(fields: ContactFields): ImportedContact {
  const contact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const kept = typeof value === 'string' ? cleanText(value) : value;
    if (kept === undefined || (Array.isArray(kept) && kept.length === 0)) continue;
    contact[key] = kept;
  }
  return contact as ImportedContact;
}

export function isEmptyContact(contact: ImportedContact): boolean {
  return Object.keys(contact).length === 0;
}

export interface AddressParts {
  street?: string | undefined;
  city?: string | undefined;
  region?: string | undefined;
  postalCode?: string | undefined;
  country?: string | undefined;
}

/** An address with its blank parts left out, or undefined when no part is filled. */
export function compactAddress(label: AddressLabel, parts: AddressParts): ImportedAddress | undefined {
  const address: ImportedAddress = { label };
  for (const key of ['street', 'city', 'region', 'postalCode', 'country'] as const) {
    const value = cleanText(parts[key]);
    if (value !== undefined) address[key] = value;
  }
  return Object.keys(address).length > 1 ? address : undefined;
}

/**
 * The contact model has one street field, so extra address lines and a PO box become further lines
 * of the street rather than being dropped.
 */
export function streetLines(
  street: string | undefined,
  ...extraLines: (string | undefined)[]
): string | undefined {
  const lines = [street, ...extraLines].map(cleanText).filter((line) => line !== undefined);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

export function poBoxLine(poBox: string | undefined): string | undefined {
  const value = cleanText(poBox);
  if (value === undefined) return undefined;
  return /^p\.?\s*o\.?\s*box\b/i.test(value) ? value : `PO Box ${value}`;
}

/**
 * A full name is split at its first space: the first word is the first name and the rest the last
 * name. No middle name is guessed, because "Jan van der Berg" and "Mary Ann Smith" look alike.
 */
export function splitFullName(name: string | undefined): { firstName?: string; lastName?: string } {
  const words = cleanText(name)?.split(/\s+/) ?? [];
  const [first, ...rest] = words;
  if (first === undefined) return {};
  return rest.length > 0 ? { firstName: first, lastName: rest.join(' ') } : { firstName: first };
}

/** A short name for the import report: the person's name, else company, email or phone. */
export function contactLabel(contact: ImportedContact): string | undefined {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return (
    cleanText(name) ??
    cleanText(contact.company) ??
    cleanText(contact.emails?.[0]?.address) ??
    cleanText(contact.phones?.[0]?.number)
  );
}
