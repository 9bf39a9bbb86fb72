import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { HomeAddress, SyncedFields } from '../../sync/synced-fields.ts';
import type { ContactUpdate, ContactWrite } from '../provider.ts';
import type { FieldValue, Person } from './people-types.ts';
import { isHomeAddress, ownValues, textOf } from './person-mapping.ts';
import {
  CONTACT_SYNC_ID_KEY,
  personFieldsFor,
  WRITTEN_PERSON_FIELDS,
  type WrittenPersonField,
} from './person-mask.ts';
import { phoneLabelOf, phoneTypeOf, plainLabelOf, plainTypeOf } from './value-labels.ts';

/**
 * Writing: synced fields into Person JSON. A field named in `updatePersonFields` is replaced
 * wholesale (google-people.md §10.6), so each written field starts from the contact's current
 * values and changes only what the sync manages: a name keeps its middle name and prefixes, an
 * organisation its department, the address list its work and other addresses, a phone its
 * Google-only type (workMobile, googleVoice…) when the number and label still match.
 */

export interface WriteOptions {
  /** Default region for comparing phone numbers written without a country code, e.g. 'US'. */
  region?: string | undefined;
}

export interface PersonUpdate {
  /** The Person fields to name in `updatePersonFields` / `updateMask`. */
  mask: WrittenPersonField[];
  /** The body: the etag precondition and the named fields' new values. */
  person: Person;
}

const MY_CONTACTS = 'contactGroups/myContacts';

/** A new contact: the synced fields, our id in clientData (crash-safe creates) and My Contacts. */
export function personForCreate(write: ContactWrite, options: WriteOptions = {}): Person {
  const person: Person = {};
  for (const field of WRITTEN_PERSON_FIELDS) {
    const values = writtenValues(field, {}, write.fields, options);
    if (values.length > 0) person[field] = values;
  }
  person.clientData = [{ key: CONTACT_SYNC_ID_KEY, value: write.crmContactId }];
  person.memberships = [{ contactGroupMembership: { contactGroupResourceName: MY_CONTACTS } }];
  return person;
}

/** The update of `base` (the contact as last read, at `update.etag`) for the changed synced fields. */
export function personUpdate(base: Person, update: ContactUpdate, options: WriteOptions = {}): PersonUpdate {
  const mask = personFieldsFor(update.changed);
  const person: Person = { etag: update.etag };
  for (const field of mask) person[field] = writtenValues(field, base, update.fields, options);
  return { mask, person };
}

export function writtenValues(
  field: WrittenPersonField,
  base: Person,
  fields: SyncedFields,
  options: WriteOptions,
): FieldValue[] {
  const current = ownValues(base[field]).map(writable);
  switch (field) {
    case 'names':
      return mergedNames(current, fields);
    case 'organizations':
      return mergedOrganizations(current, fields);
    case 'birthdays':
      return fields.birthday ? [{ date: { ...fields.birthday } }] : [];
    case 'addresses':
      return mergedAddresses(current, fields.homeAddress);
    case 'phoneNumbers':
      return mergedList(
        current,
        fields.phones.map((phone) => ({ value: phone.number, label: phone.label })),
        { labelOf: phoneLabelOf, typeOf: phoneTypeOf, key: (value) => phoneKey(value, options.region) },
      );
    case 'emailAddresses':
      return mergedList(
        current,
        fields.emails.map((email) => ({ value: email.address, label: email.label })),
        { labelOf: plainLabelOf, typeOf: plainTypeOf, key: (value) => value.toLowerCase() },
      );
    case 'urls':
      return mergedList(
        current,
        fields.websites.map((site) => ({ value: site.url, label: site.label })),
        { labelOf: plainLabelOf, typeOf: plainTypeOf, key: (value) => value },
      );
  }
}

/** Read-only keys Google derives from the others; sent back stale they could only do harm. */
function writable(value: FieldValue): FieldValue {
  const {
    metadata: _metadata,
    formattedType: _formattedType,
    canonicalForm: _canonicalForm,
    displayNameLastFirst: _lastFirst,
    ...rest
  } = value;
  return rest;
}

function setText(target: FieldValue, key: string, value: string | null): void {
  if (value === null) delete target[key];
  else target[key] = value;
}

/** True when a value still says something beyond its type. */
function hasContent(value: FieldValue, ignored: readonly string[] = []): boolean {
  return Object.entries(value).some(
    ([key, item]) => !ignored.includes(key) && item !== undefined && item !== null && item !== '',
  );
}

function mergedNames(current: FieldValue[], fields: SyncedFields): FieldValue[] {
  // names is a singleton on contacts (google-people.md §3): exactly the one own name is written.
  const name: FieldValue = { ...current[0] };
  setText(name, 'givenName', fields.firstName);
  setText(name, 'familyName', fields.lastName);
  // Google derives the display forms from the parts; kept, they would show the old name.
  delete name.displayName;
  delete name.unstructuredName;
  return hasContent(name) ? [name] : [];
}

function mergedOrganizations(current: FieldValue[], fields: SyncedFields): FieldValue[] {
  const [first, ...others] = current;
  const organization: FieldValue = { ...first };
  setText(organization, 'name', fields.company);
  setText(organization, 'title', fields.jobTitle);
  return hasContent(organization, ['type', 'current']) ? [organization, ...others] : others;
}

/** Only the first home address is synced; every other address is sent back exactly as read. */
function mergedAddresses(current: FieldValue[], home: HomeAddress | null): FieldValue[] {
  const index = current.findIndex(isHomeAddress);
  const existing = current[index];
  if (home === null) return current.filter((_, i) => i !== index);
  const merged = mergedHome(existing ?? { type: 'home' }, home);
  return existing ? current.with(index, merged) : [...current, merged];
}

function mergedHome(existing: FieldValue, home: HomeAddress): FieldValue {
  const address: FieldValue = { ...existing };
  const [line, ...moreLines] = (home.street ?? '').split('\n');
  setText(address, 'streetAddress', textOf(line));
  setText(address, 'extendedAddress', textOf(moreLines.join('\n')));
  setText(address, 'city', home.city);
  setText(address, 'region', home.region);
  setText(address, 'postalCode', home.postalCode);
  // A country code left over from another country would contradict the new country's name.
  if (textOf(existing.country) !== home.country) delete address.countryCode;
  setText(address, 'country', home.country);
  // Google builds formattedValue from the parts when it is not set; a stale one would win.
  delete address.formattedValue;
  return address;
}

interface ListRules {
  labelOf: (type: unknown) => string;
  typeOf: (label: string) => string;
  /** Values with the same key are the same value written differently (case, phone formatting). */
  key: (value: string) => string;
}

/**
 * The CRM's values in the CRM's order. A value that matches one already on the contact (same key,
 * same label) keeps that one's extra keys and exact Google type; the others get the plain type.
 */
function mergedList(
  current: FieldValue[],
  wanted: { value: string; label: string }[],
  rules: ListRules,
): FieldValue[] {
  const unused = [...current];
  return wanted.map(({ value, label }) => {
    const index = unused.findIndex(
      (item) =>
        typeof item.value === 'string' &&
        rules.labelOf(item.type) === label &&
        rules.key(item.value.trim()) === rules.key(value),
    );
    const [kept] = index >= 0 ? unused.splice(index, 1) : [];
    return kept ? { ...kept, value } : { value, type: rules.typeOf(label) };
  });
}

function phoneKey(value: string, region: string | undefined): string {
  const parsed = parsePhoneNumberFromString(value, region as CountryCode | undefined);
  return parsed?.number ?? value.replace(/[^\d+]/g, '');
}
