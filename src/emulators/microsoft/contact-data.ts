import { z } from 'zod';
import { badRequest } from './errors.ts';

/** Scalar string properties of a v1.0 contact, in the order the service writes them. */
export const STRING_PROPERTIES = [
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'mobilePhone',
  'spouseName',
  'personalNotes',
] as const;

export const STRING_LIST_PROPERTIES = [
  'categories',
  'imAddresses',
  'homePhones',
  'businessPhones',
  'children',
] as const;

export const ADDRESS_PROPERTIES = ['homeAddress', 'businessAddress', 'otherAddress'] as const;

type StringProperty = (typeof STRING_PROPERTIES)[number];
type StringListProperty = (typeof STRING_LIST_PROPERTIES)[number];
type AddressProperty = (typeof ADDRESS_PROPERTIES)[number];

export interface PhysicalAddress {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  countryOrRegion?: string;
}

export interface EmailAddress {
  name?: string;
  address?: string;
}

/** What a contact holds; a property that is unset is absent (never null). Birthday is `YYYY-MM-DD`. */
export type ContactData = { [K in StringProperty]?: string } & { [K in StringListProperty]?: string[] } & {
  [K in AddressProperty]?: PhysicalAddress;
} & { birthday?: string; emailAddresses?: EmailAddress[] };

export interface ExtendedProperty {
  id: string;
  value: string;
}

/** Read-only or derived properties a client may echo back; the service ignores them on write. */
const IGNORED_ON_WRITE = new Set([
  'id',
  'changeKey',
  'createdDateTime',
  'lastModifiedDateTime',
  'parentFolderId',
  'primaryEmailAddress',
  'secondaryEmailAddress',
  'tertiaryEmailAddress',
]);

/** Outlook keeps two Business and two Home phone slots and three e-mail slots (docs#15276). */
const CAPS: Record<string, { wire: string; max: number }> = {
  businessPhones: { wire: 'BusinessPhones', max: 2 },
  homePhones: { wire: 'HomePhones', max: 2 },
  emailAddresses: { wire: 'EmailAddresses', max: 3 },
};

const text = z.string().nullable().optional();
const textList = z.array(z.string().nullable()).nullable().optional();
const address = z
  .object({ street: text, city: text, state: text, postalCode: text, countryOrRegion: text })
  .nullable()
  .optional();
const email = z.object({ name: text, address: text });

/** `String 0x3A24` (a MAPI tag) or `String {guid} Name X` / `String {guid} Id 0x8005` (named). */
const EXTENDED_ID =
  /^(String|Integer|Boolean|SystemTime|Long|Double|Binary)\s+(0x[0-9a-f]{1,4}|\{[0-9a-f-]{36}\}\s+(Name\s+\S.*|Id\s+0x[0-9a-f]{1,4}))$/i;

const inputSchema = z.object({
  ...Object.fromEntries(STRING_PROPERTIES.map((name) => [name, text])),
  ...Object.fromEntries(STRING_LIST_PROPERTIES.map((name) => [name, textList])),
  ...Object.fromEntries(ADDRESS_PROPERTIES.map((name) => [name, address])),
  birthday: text,
  emailAddresses: z.array(email).nullable().optional(),
  singleValueExtendedProperties: z
    .array(z.object({ id: z.string().regex(EXTENDED_ID, 'is not an extended property id'), value: text }))
    .optional(),
});

/** A validated write: `null` means "clear", absent means "keep" (Graph PATCH semantics). */
export interface ContactWrite {
  data: Record<string, unknown>;
  extended: Array<{ id: string; value: string | null }>;
}

export function parseContactWrite(body: unknown): ContactWrite {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Empty Payload. JSON content expected.', 'RequestBodyRead');
  }
  const relevant = Object.fromEntries(
    Object.entries(body).filter(([key]) => !key.startsWith('@odata.') && !IGNORED_ON_WRITE.has(key)),
  );
  for (const key of Object.keys(relevant)) {
    if (!(key in inputSchema.shape)) {
      throw badRequest(
        `The property '${key}' does not exist on type 'microsoft.graph.contact'.`,
        'RequestBodyRead',
      );
    }
  }
  const parsed = inputSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw badRequest(
      `Cannot read the value of property '${where}': ${issue?.message ?? 'invalid'}.`,
      'RequestBodyRead',
    );
  }
  checkCaps(parsed.data);
  const { singleValueExtendedProperties, ...data } = parsed.data;
  if (typeof data.birthday === 'string') data.birthday = birthdayDate(data.birthday);
  return {
    data,
    extended: (singleValueExtendedProperties ?? []).map((p) => ({ id: p.id, value: p.value ?? null })),
  };
}

function checkCaps(data: Record<string, unknown>): void {
  for (const [name, cap] of Object.entries(CAPS)) {
    const list = data[name];
    if (Array.isArray(list) && list.length > cap.max) {
      throw badRequest(
        `The multi value property ${cap.wire} has ${list.length} entries, that exceeds the max allowed value of ${cap.max}`,
        'ErrorInvalidRequest',
      );
    }
  }
}

/** Accepts a date or a timestamp; Exchange keeps only the calendar day (taken in UTC). */
function birthdayDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw badRequest(
      `Cannot convert the literal '${value}' to the expected type 'Edm.DateTimeOffset'.`,
      'RequestBodyRead',
    );
  }
  return parsed.toISOString().slice(0, 10);
}

/** Applies a write: null clears a property, a list or an address replaces the whole value. */
export function applyWrite(current: ContactData, write: ContactWrite): ContactData {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(write.data)) {
    if (value === null || value === undefined) delete next[key];
    else next[key] = clean(value);
  }
  return next as ContactData;
}

/** Drops nulls inside lists and addresses: an unset address part is omitted, as the service does. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(clean);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
  }
  return value;
}

export function applyExtended(
  current: ReadonlyMap<string, ExtendedProperty>,
  writes: ContactWrite['extended'],
): Map<string, ExtendedProperty> {
  const next = new Map(current);
  for (const { id, value } of writes) {
    if (value === null) next.delete(id.toLowerCase());
    else next.set(id.toLowerCase(), { id, value });
  }
  return next;
}

const NAME_PARTS = ['givenName', 'middleName', 'surname', 'generation'] as const;

/**
 * Outlook composes displayName from the name parts when the client does not send one, and
 * recomposes it when a name part changes without it (the property description warns of this).
 */
export function withDisplayName(
  previous: ContactData | undefined,
  next: ContactData,
  write: ContactWrite,
): ContactData {
  if ('displayName' in write.data) return next;
  const namesChanged = NAME_PARTS.some((part) => part in write.data);
  if (previous && !namesChanged) return next;
  const composed = NAME_PARTS.map((part) => next[part])
    .filter((part): part is string => Boolean(part))
    .join(' ');
  const fallback = composed || next.companyName || next.emailAddresses?.[0]?.address;
  const result = { ...next };
  if (fallback) result.displayName = fallback;
  else delete result.displayName;
  return result;
}

export const SELECTABLE = new Set<string>([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'parentFolderId',
  'birthday',
  'emailAddresses',
  'primaryEmailAddress',
  'secondaryEmailAddress',
  'tertiaryEmailAddress',
  ...STRING_PROPERTIES,
  ...STRING_LIST_PROPERTIES,
  ...ADDRESS_PROPERTIES,
]);

/** The stored day read back as the service does: a timestamp a minute before noon UTC. */
export function birthdayTimestamp(date: string): string {
  return `${date}T11:59:00Z`;
}
