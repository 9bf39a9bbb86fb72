import { badRequestField, invalidArgument } from './errors.ts';

/** Every value `personFields` / `readMask` accepts on connections.list, get and the mutations. */
export const READABLE_FIELDS = [
  'addresses',
  'ageRanges',
  'biographies',
  'birthdays',
  'calendarUrls',
  'clientData',
  'coverPhotos',
  'emailAddresses',
  'events',
  'externalIds',
  'genders',
  'imClients',
  'interests',
  'locales',
  'locations',
  'memberships',
  'metadata',
  'miscKeywords',
  'names',
  'nicknames',
  'occupations',
  'organizations',
  'phoneNumbers',
  'photos',
  'relations',
  'sipAddresses',
  'skills',
  'urls',
  'userDefined',
] as const;

/** What `updatePersonFields` / `updateMask` accepts: no photos, no metadata. */
export const WRITABLE_FIELDS = [
  'addresses',
  'biographies',
  'birthdays',
  'calendarUrls',
  'clientData',
  'emailAddresses',
  'events',
  'externalIds',
  'genders',
  'imClients',
  'interests',
  'locales',
  'locations',
  'memberships',
  'miscKeywords',
  'names',
  'nicknames',
  'occupations',
  'organizations',
  'phoneNumbers',
  'relations',
  'sipAddresses',
  'urls',
  'userDefined',
] as const;

export type ReadableField = (typeof READABLE_FIELDS)[number];
export type WritableField = (typeof WRITABLE_FIELDS)[number];

/** Contacts hold at most one value in these, per source. */
export const SINGLETON_FIELDS: readonly WritableField[] = ['names', 'birthdays', 'biographies', 'genders'];

/** Person keys a client may send back unchanged: read-only or deprecated, so ignored on writes. */
const IGNORED_ON_WRITE = new Set([
  'resourceName',
  'etag',
  'metadata',
  'photos',
  'coverPhotos',
  'ageRange',
  'ageRanges',
  'taglines',
  'braggingRights',
  'residences',
  'relationshipInterests',
  'relationshipStatuses',
  'skills',
  'fileAses',
]);

const readable = new Set<string>(READABLE_FIELDS);
const writable = new Set<string>(WRITABLE_FIELDS);

/**
 * Parses a comma-separated field mask. Google accepts the deprecated `person.` prefix of
 * `requestMask.includeField`, so it is stripped. Returns undefined when the mask is absent or empty.
 */
export function parseMask(
  raw: string | undefined,
  allowed: 'read' | 'write',
  parameter: string,
): Set<string> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const fields = new Set<string>();
  const valid = allowed === 'read' ? readable : writable;
  for (const part of raw.split(',')) {
    const field = part.trim().replace(/^person\./, '');
    if (!valid.has(field)) {
      throw invalidArgument(`Invalid ${parameter} mask path: "${field}".`, [
        badRequestField(parameter, `Unknown or read-only field "${field}".`),
      ]);
    }
    fields.add(field);
  }
  return fields;
}

export function requireReadMask(raw: string | undefined, parameter = 'personFields'): Set<string> {
  const mask = parseMask(raw, 'read', parameter);
  if (!mask) throw invalidArgument(`${parameter} mask is required. Please specify one or more valid paths.`);
  return mask;
}

export function requireWriteMask(raw: string | undefined, parameter: string): Set<WritableField> {
  const mask = parseMask(raw, 'write', parameter);
  if (!mask) throw invalidArgument(`${parameter} mask is required. Please specify one or more valid paths.`);
  return mask as Set<WritableField>;
}

export type PersonInput = Partial<Record<WritableField, Record<string, unknown>[]>>;

/**
 * Reads the writable fields of a Person sent by a client. Unknown keys are refused as Google's JSON
 * parser does; read-only keys are dropped; every writable field must be a list of objects.
 */
export function readPersonInput(body: unknown, where = 'person'): PersonInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidArgument(`Invalid JSON payload received. Expected an object at '${where}'.`);
  }
  const input: PersonInput = {};
  for (const [key, value] of Object.entries(body)) {
    if (IGNORED_ON_WRITE.has(key)) continue;
    if (!writable.has(key)) {
      throw invalidArgument(
        `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`,
      );
    }
    input[key as WritableField] = readValues(value, `${where}.${key}`);
  }
  return input;
}

function readValues(value: unknown, where: string): Record<string, unknown>[] {
  if (value === null || value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))
  ) {
    throw invalidArgument(`Invalid value at '${where}': expected a list of objects.`);
  }
  return value as Record<string, unknown>[];
}

/** Google's rule for contacts: a second name, birthday, biography or gender is refused. */
export function checkSingletons(fields: PersonInput): void {
  for (const field of SINGLETON_FIELDS) {
    if ((fields[field]?.length ?? 0) > 1) {
      throw invalidArgument(`Cannot have more than one person.${field} per source.`);
    }
  }
}
