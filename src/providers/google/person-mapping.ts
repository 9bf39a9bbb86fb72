import { type Birthday, birthdayFrom, isRealDate } from '../../contacts/model.ts';
import type { HomeAddress, SyncedFields } from '../../sync/synced-fields.ts';
import type { RemoteContact } from '../provider.ts';
import type { FieldValue, Person, PersonDate, PersonSource } from './people-types.ts';
import { CONTACT_SYNC_ID_KEY } from './person-mask.ts';
import { phoneLabelOf, plainLabelOf } from './value-labels.ts';

/**
 * Reading: a People API Person as the engine's RemoteContact. Pure functions, no I/O.
 */

/**
 * The values the contact itself holds. A contact linked to a Google profile also shows the
 * profile's values (google-people.md §4), which a contact update cannot write; reading only the
 * contact's own values keeps what is read and what can be written the same.
 */
export function ownValues(values: readonly FieldValue[] | undefined): FieldValue[] {
  return (values ?? []).filter((value) => {
    const type = value.metadata?.source?.type;
    return type === undefined || type === 'CONTACT';
  });
}

/** A trimmed non-empty string, or null: Google omits empty fields, the CRM stores null. */
export function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function isHomeAddress(value: FieldValue): boolean {
  return typeof value.type === 'string' && value.type.toLowerCase() === 'home';
}

export function remoteContactFromPerson(person: Person): RemoteContact {
  const deleted = person.metadata?.deleted === true;
  return {
    remoteId: person.resourceName ?? '',
    previousRemoteIds: person.metadata?.previousResourceNames ?? [],
    etag: person.etag ?? '',
    deleted,
    fields: deleted ? null : syncedFieldsFromPerson(person),
    crmContactId: deleted ? null : crmContactIdOf(person),
    updatedAt: deleted ? null : (contactSource(person)?.updateTime ?? null),
  };
}

export function crmContactIdOf(person: Person): string | null {
  const entry = (person.clientData ?? []).find((item) => item.key === CONTACT_SYNC_ID_KEY);
  return textOf(entry?.value);
}

function contactSource(person: Person): PersonSource | undefined {
  return person.metadata?.sources?.find((source) => source.type === 'CONTACT');
}

export function syncedFieldsFromPerson(person: Person): SyncedFields {
  const name = ownValues(person.names)[0];
  const organization = ownValues(person.organizations)[0];
  return {
    firstName: textOf(name?.givenName),
    lastName: textOf(name?.familyName),
    company: textOf(organization?.name),
    jobTitle: textOf(organization?.title),
    birthday: birthdayOf(person),
    homeAddress: homeAddressOf(person),
    phones: labelled(person.phoneNumbers, phoneLabelOf).map(([number, label]) => ({ number, label })),
    emails: labelled(person.emailAddresses, plainLabelOf).map(([address, label]) => ({ address, label })),
    websites: labelled(person.urls, plainLabelOf).map(([url, label]) => ({ url, label })),
  };
}

/** [value, CRM label] of each non-empty value of a typed field. */
function labelled(values: FieldValue[] | undefined, labelOf: (type: unknown) => string): [string, string][] {
  return ownValues(values).flatMap((value) => {
    const text = textOf(value.value);
    return text === null ? [] : [[text, labelOf(value.type)]];
  });
}

/**
 * Google's Date leaves the year out (or 0) for a birthday without one (google-people.md §4); a
 * year-only or month-only date has no CRM form and reads as no birthday.
 */
export function birthdayOf(person: Person): Birthday | null {
  for (const value of ownValues(person.birthdays)) {
    const date = value.date as PersonDate | undefined;
    const birthday = date ? birthdayFromDate(date) : null;
    if (birthday) return birthday;
  }
  return null;
}

function birthdayFromDate(date: PersonDate): Birthday | null {
  const { month, day } = date;
  if (!month || !day) return null;
  const year = date.year ? date.year : null;
  return isRealDate(year, month, day) ? birthdayFrom({ year, month, day }) : null;
}

/** Google keeps a second street line in `extendedAddress`; the CRM holds both in `street`. */
export function homeAddressOf(person: Person): HomeAddress | null {
  const home = ownValues(person.addresses).find(isHomeAddress);
  if (!home) return null;
  const lines = [textOf(home.streetAddress), textOf(home.extendedAddress)].filter(Boolean);
  const address: HomeAddress = {
    street: lines.length > 0 ? lines.join('\n') : null,
    city: textOf(home.city),
    region: textOf(home.region),
    postalCode: textOf(home.postalCode),
    country: textOf(home.country),
  };
  return Object.values(address).some((part) => part !== null) ? address : null;
}
