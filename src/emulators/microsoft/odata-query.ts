import { SELECTABLE, STRING_PROPERTIES } from './contact-data.ts';
import type { ContactVersion } from './contact-store.ts';
import { badRequest } from './errors.ts';

/*
 * The part of OData the contact routes understand: `$select`, `$top`, `$skip`, `$orderby`,
 * `$expand=singleValueExtendedProperties($filter=id eq '…')`, and `$filter` with `eq` /
 * `startswith` on string properties, `emailAddresses/any(…)` and
 * `singleValueExtendedProperties/any(…)`, joined by `and`.
 */

export type Query = Record<string, string | undefined>;
export type ContactPredicate = (version: ContactVersion) => boolean;

const canonical = new Map([...SELECTABLE].map((name) => [name.toLowerCase(), name]));

export function parseSelect(value: string | undefined): Set<string> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const names = new Set<string>();
  for (const raw of value.split(',')) {
    const name = canonical.get(raw.trim().toLowerCase());
    if (!name)
      throw badRequest(`Could not find a property named '${raw.trim()}' on type 'microsoft.graph.contact'.`);
    names.add(name);
  }
  return names;
}

export function parseExpand(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^singleValueExtendedProperties\(\$filter=(.+)\)$/i.exec(value.trim());
  if (!match?.[1]) {
    throw badRequest(
      `Parsing OData Select and Expand failed: '${value}' is not an expandable property here.`,
    );
  }
  return splitTopLevel(match[1], 'or').map((clause) => {
    const id = /^id\s+eq\s+('(?:[^']|'')*')$/i.exec(clause);
    if (!id?.[1]) throw badRequest(`Invalid filter clause in $expand: '${clause}'.`);
    return literal(id[1]);
  });
}

export function parseCount(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for query option ${name}.`);
  return Number(value);
}

/** `Prefer: odata.maxpagesize=N` and `IdType="ImmutableId"`; several preferences may be comma-joined. */
export function parsePrefer(header: string | string[] | undefined): {
  maxPageSize?: number;
  immutableIds: boolean;
} {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text);
  const immutableIds = /IdType\s*=\s*"?ImmutableId"?/i.test(text);
  return size?.[1] ? { maxPageSize: Number(size[1]), immutableIds } : { immutableIds };
}

export function parseOrderBy(
  value: string | undefined,
): ((a: ContactVersion, b: ContactVersion) => number) | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^(\w+)(?:\s+(asc|desc))?$/i.exec(value.trim());
  const name = match?.[1] ? canonical.get(match[1].toLowerCase()) : undefined;
  if (!match || !name || !(STRING_PROPERTIES as readonly string[]).includes(name)) {
    throw badRequest(`The $orderby expression '${value}' is not supported.`);
  }
  const sign = match[2]?.toLowerCase() === 'desc' ? -1 : 1;
  const key = (v: ContactVersion) => (v.data as Record<string, string | undefined>)[name] ?? '';
  return (a, b) => sign * key(a).localeCompare(key(b));
}

export function parseFilter(value: string | undefined): ContactPredicate | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const predicates = splitTopLevel(value.trim(), 'and').map(parseClause);
  return (version) => predicates.every((predicate) => predicate(version));
}

function parseClause(clause: string): ContactPredicate {
  const any = /^(\w+)\/any\(\s*(\w+)\s*:\s*(.+)\)$/i.exec(clause);
  if (any?.[1] && any[2] && any[3]) return anyClause(any[1], any[2], any[3]);
  const eq = /^(\w+)\s+eq\s+('(?:[^']|'')*'|null)$/i.exec(clause);
  if (eq?.[1] && eq[2]) {
    const name = stringProperty(eq[1]);
    const wanted = eq[2].toLowerCase() === 'null' ? undefined : literal(eq[2]);
    return (v) => textOf(v, name)?.toLowerCase() === wanted?.toLowerCase();
  }
  const starts = /^startswith\(\s*(\w+)\s*,\s*('(?:[^']|'')*')\s*\)$/i.exec(clause);
  if (starts?.[1] && starts[2]) {
    const name = stringProperty(starts[1]);
    const prefix = literal(starts[2]).toLowerCase();
    return (v) => (textOf(v, name) ?? '').toLowerCase().startsWith(prefix);
  }
  throw unsupported(clause);
}

function anyClause(collection: string, variable: string, body: string): ContactPredicate {
  const tests = splitTopLevel(body.trim(), 'and').map((part) => {
    const match = new RegExp(`^${variable}/(\\w+)\\s+eq\\s+('(?:[^']|'')*')$`, 'i').exec(part);
    if (!match?.[1] || !match[2]) throw unsupported(part);
    return { field: match[1].toLowerCase(), value: literal(match[2]) };
  });
  if (collection.toLowerCase() === 'singlevalueextendedproperties') {
    const id = tests.find((t) => t.field === 'id');
    const value = tests.find((t) => t.field === 'value');
    if (!id || tests.some((t) => t.field !== 'id' && t.field !== 'value')) throw unsupported(body);
    return (v) => {
      const property = v.extended.get(id.value.toLowerCase());
      return property !== undefined && (value === undefined || property.value === value.value);
    };
  }
  if (collection.toLowerCase() === 'emailaddresses') {
    // The service only supports `eq` on `address` inside this lambda (user-list-contacts page).
    const address = tests[0];
    if (tests.length !== 1 || address?.field !== 'address') throw unsupported(body);
    const wanted = address.value.toLowerCase();
    return (v) => (v.data.emailAddresses ?? []).some((e) => e.address?.toLowerCase() === wanted);
  }
  throw unsupported(collection);
}

function stringProperty(raw: string): string {
  const name = canonical.get(raw.toLowerCase());
  if (!name || !(STRING_PROPERTIES as readonly string[]).includes(name)) throw unsupported(raw);
  return name;
}

function textOf(version: ContactVersion, name: string): string | undefined {
  return (version.data as Record<string, string | undefined>)[name];
}

function unsupported(part: string) {
  return badRequest(
    `Invalid filter clause: the emulator does not support '${part}'.`,
    'ErrorInvalidUrlQueryFilter',
  );
}

/** An OData string literal: quoted, with '' standing for one quote. */
function literal(quoted: string): string {
  return quoted.slice(1, -1).replaceAll("''", "'");
}

/** Splits on a keyword outside parentheses and quotes, so lambda bodies stay whole. */
function splitTopLevel(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const separator = ` ${keyword} `;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')') depth -= 1;
    else if (!quoted && depth === 0 && text.slice(i, i + separator.length).toLowerCase() === separator) {
      parts.push(text.slice(start, i).trim());
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
