import { invalidArgument } from './errors.ts';

export type Query = Record<string, string | string[] | undefined>;

/** A single-valued query parameter (the first, when repeated). */
export function one(query: Query, key: string): string | undefined {
  const value = query[key];
  return Array.isArray(value) ? value[0] : value;
}

/** A repeated query parameter (`?resourceNames=a&resourceNames=b`). */
export function many(query: Query, key: string): string[] {
  const value = query[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function booleanParam(query: Query, key: string): boolean {
  const value = one(query, key);
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw invalidArgument(`Invalid value at '${key}' (TYPE_BOOL), "${value}"`);
}

export function enumParam<T extends string>(query: Query, key: string, allowed: readonly T[]): T | undefined {
  const value = one(query, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(`Invalid value at '${key}' (${key}), "${value}"`);
  }
  return value as T;
}

const READ_SOURCES = [
  'READ_SOURCE_TYPE_UNSPECIFIED',
  'READ_SOURCE_TYPE_PROFILE',
  'READ_SOURCE_TYPE_CONTACT',
  'READ_SOURCE_TYPE_DOMAIN_CONTACT',
  'READ_SOURCE_TYPE_OTHER_CONTACT',
] as const;

/** The `sources` read mask; validated, then sorted so it can be compared between calls. */
export function readSources(query: Query): string[] {
  const sources = many(query, 'sources');
  for (const source of sources) {
    if (!(READ_SOURCES as readonly string[]).includes(source)) {
      throw invalidArgument(
        `Invalid value at 'sources' (type.googleapis.com/google.people.v1.ReadSourceType), "${source}"`,
      );
    }
  }
  return [...new Set(sources)].sort();
}

/** The person field mask of a read, under its current name or the deprecated `requestMask.includeField`. */
export function personFieldsParam(query: Query): string | undefined {
  return one(query, 'personFields') ?? one(query, 'requestMask.includeField');
}
