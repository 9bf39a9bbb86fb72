import type { Address, Birthday, Contact, Email, Phone, Website } from '../contacts/model.ts';

/**
 * The fields the sync manages (PRODUCT.md "Synced fields"), and only these: everything else on
 * either side is left exactly as it is. Phones include fax numbers and pagers (by label).
 */
export interface SyncedFields {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  birthday: Birthday | null;
  /** The home address only; work and other addresses are never written on either side. */
  homeAddress: HomeAddress | null;
  phones: Phone[];
  emails: Email[];
  websites: Website[];
}

export type HomeAddress = Omit<Address, 'label'>;

export const SYNCED_FIELD_NAMES = [
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'birthday',
  'homeAddress',
  'phones',
  'emails',
  'websites',
] as const satisfies readonly (keyof SyncedFields)[];

export type SyncedFieldName = (typeof SYNCED_FIELD_NAMES)[number];

/** The synced projection of a CRM contact. */
export function syncedFieldsOf(
  contact: Pick<
    Contact,
    | 'firstName'
    | 'lastName'
    | 'company'
    | 'jobTitle'
    | 'birthday'
    | 'addresses'
    | 'phones'
    | 'emails'
    | 'websites'
  >,
): SyncedFields {
  const home = contact.addresses.find((a) => a.label === 'home');
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    company: contact.company,
    jobTitle: contact.jobTitle,
    birthday: contact.birthday,
    homeAddress: home
      ? {
          street: home.street,
          city: home.city,
          region: home.region,
          postalCode: home.postalCode,
          country: home.country,
        }
      : null,
    phones: contact.phones.map(({ number, label }) => ({ number, label })),
    emails: contact.emails.map(({ address, label }) => ({ address, label })),
    websites: contact.websites.map(({ url, label }) => ({ url, label })),
  };
}
