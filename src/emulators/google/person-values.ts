import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { invalidArgument } from './errors.ts';
import type { PersonInput, WritableField } from './person-fields.ts';

type Value = Record<string, unknown>;

/** Fields whose values carry a read-only `formattedType` derived from `type`. */
const TYPED_FIELDS = new Set<WritableField>([
  'addresses',
  'calendarUrls',
  'emailAddresses',
  'events',
  'externalIds',
  'imClients',
  'miscKeywords',
  'organizations',
  'phoneNumbers',
  'relations',
  'sipAddresses',
  'urls',
]);

/** Read-only keys Google computes itself; a client sending them back must not override them. */
const DERIVED_KEYS = [
  'formattedType',
  'formattedProtocol',
  'formattedValue',
  'canonicalForm',
  'displayName',
  'displayNameLastFirst',
  'domainMembership',
];

/** Contact groups a contact may be added to; other system groups only ever lose members. */
const ADDABLE_SYSTEM_GROUPS = new Set(['contactGroups/myContacts', 'contactGroups/starred']);

export const MY_CONTACTS = 'contactGroups/myContacts';

/**
 * Turns client-sent values into what Google stores and returns: per-value metadata naming the
 * contact source, with the first value primary, and the read-only values Google derives. Done once
 * per write so that listing thousands of contacts only has to pick fields; every value of a person
 * shares one `source` object to keep 50,000 contacts small.
 */
export function decorateField(field: WritableField, values: Value[], source: Readonly<Value>): Value[] {
  return values.map((value, index) => {
    const clean = withoutDerived(field, value);
    const metadata = {
      ...(index === 0 ? { primary: true } : {}),
      ...(field === 'names' ? { sourcePrimary: true } : {}),
      source,
    };
    return { metadata, ...clean, ...derivedValues(field, clean) };
  });
}

function withoutDerived(field: WritableField, value: Value): Value {
  const clean: Value = { ...value };
  delete clean.metadata;
  for (const key of DERIVED_KEYS) {
    // An address's formattedValue is writable; everywhere else these keys are computed.
    if (key === 'formattedValue' && field === 'addresses') continue;
    if (key === 'displayName' && field === 'emailAddresses') continue;
    delete clean[key];
  }
  return clean;
}

function derivedValues(field: WritableField, value: Value): Value {
  const derived: Value = {};
  const type = value.type;
  if (TYPED_FIELDS.has(field) && typeof type === 'string' && type !== '')
    derived.formattedType = formatType(type);
  if (field === 'names') Object.assign(derived, nameDisplays(value));
  if (field === 'phoneNumbers') Object.assign(derived, canonicalPhone(value.value));
  if (field === 'addresses' && value.formattedValue === undefined)
    Object.assign(derived, formattedAddress(value));
  if (field === 'genders' && typeof value.value === 'string')
    derived.formattedValue = formatType(value.value);
  if (field === 'imClients' && typeof value.protocol === 'string') {
    derived.formattedProtocol = formatType(value.protocol);
  }
  if (field === 'memberships') Object.assign(derived, membershipIds(value));
  return derived;
}

/** `homeFax` → `Home Fax`; a custom label is returned as written. */
export function formatType(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function nameDisplays(name: Value): Value {
  const given = [text(name.givenName), text(name.middleName)].filter(Boolean).join(' ');
  const family = text(name.familyName);
  const full = [text(name.honorificPrefix), given, family, text(name.honorificSuffix)]
    .filter(Boolean)
    .join(' ');
  const displayName = full || text(name.unstructuredName);
  if (!displayName) return {};
  const lastFirst = family && given ? `${family}, ${given}` : displayName;
  return {
    displayName,
    displayNameLastFirst: lastFirst,
    ...(name.unstructuredName === undefined ? { unstructuredName: displayName } : {}),
  };
}

function canonicalPhone(value: unknown): Value {
  if (typeof value !== 'string' || !value.trim().startsWith('+')) return {};
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? { canonicalForm: parsed.number } : {};
}

function formattedAddress(address: Value): Value {
  const locality = [text(address.city), text(address.region), text(address.postalCode)]
    .filter(Boolean)
    .join(' ');
  const lines = [
    text(address.poBox),
    text(address.streetAddress),
    text(address.extendedAddress),
    locality,
    text(address.country),
  ].filter(Boolean);
  return lines.length > 0 ? { formattedValue: lines.join('\n') } : {};
}

function membershipIds(membership: Value): Value {
  const group = membership.contactGroupMembership as Value | undefined;
  const name = group?.contactGroupResourceName;
  if (typeof name !== 'string' || !name.startsWith('contactGroups/')) {
    throw invalidArgument('Membership must name a contactGroupMembership.contactGroupResourceName.');
  }
  return {
    contactGroupMembership: {
      contactGroupId: name.slice('contactGroups/'.length),
      contactGroupResourceName: name,
    },
  };
}

/**
 * Google's membership rule: a contact keeps at least one group; only myContacts, starred and user
 * groups can be added. `previous` are the groups the contact is already in (removals are free).
 */
export function checkMemberships(values: Value[], previous: ReadonlySet<string>): void {
  if (values.length === 0)
    throw invalidArgument('A contact must always have at least one contact group membership.');
  for (const value of values) {
    const name = (value.contactGroupMembership as Value | undefined)?.contactGroupResourceName;
    if (typeof name !== 'string') continue;
    if (previous.has(name) || ADDABLE_SYSTEM_GROUPS.has(name) || isUserGroup(name)) continue;
    throw invalidArgument(`Contacts cannot be added to the system contact group ${name}.`);
  }
}

// User groups have opaque hexadecimal ids; system groups have names like `friends` or `chatBuddies`.
function isUserGroup(name: string): boolean {
  return /^contactGroups\/[0-9a-f]+$/.test(name);
}

/** Contacts created without memberships land in myContacts, as in Google Contacts. */
export function withDefaultMembership(input: PersonInput): PersonInput {
  if ((input.memberships?.length ?? 0) > 0) return input;
  return { ...input, memberships: [{ contactGroupMembership: { contactGroupResourceName: MY_CONTACTS } }] };
}
