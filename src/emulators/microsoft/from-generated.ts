import type {
  GeneratedAddress,
  GeneratedContact,
  GeneratedPhone,
  PhoneType,
} from '../generator/generated-contact.ts';

/** MAPI tags for the phone kinds v1.0 has no property for (provider notes §2c). */
export const EXTENDED_PHONE_IDS: Partial<Record<PhoneType, string>> = {
  workFax: 'String 0x3A24',
  homeFax: 'String 0x3A25',
  otherFax: 'String 0x3A23',
  pager: 'String 0x3A21',
  main: 'String 0x3A1A',
};

/**
 * A generated person as someone would have typed them into Outlook: Outlook's slots keep the first
 * three e-mails, two business and two home numbers and one mobile; faxes, pager and the main number
 * go to their MAPI properties; "other" numbers and non-work websites have no v1.0 home and are left
 * out. A birthday without a year cannot be entered in Outlook, so it is left out as well.
 */
export function graphContactFromGenerated(person: GeneratedContact): Record<string, unknown> {
  const phones = (type: PhoneType) => person.phones.filter((p) => p.type === type).map((p) => p.number);
  const website = person.websites.find((w) => w.type === 'work');
  const extended = extendedPhones(person.phones);
  return {
    givenName: person.givenName,
    ...(person.middleName ? { middleName: person.middleName } : {}),
    surname: person.familyName,
    ...(person.company ? { companyName: person.company } : {}),
    ...(person.jobTitle ? { jobTitle: person.jobTitle } : {}),
    ...(person.birthday?.year
      ? { birthday: isoDate(person.birthday.year, person.birthday.month, person.birthday.day) }
      : {}),
    emailAddresses: person.emails.slice(0, 3).map((e) => ({ name: e.address, address: e.address })),
    businessPhones: phones('work').slice(0, 2),
    homePhones: phones('home').slice(0, 2),
    ...(phones('mobile')[0] ? { mobilePhone: phones('mobile')[0] } : {}),
    ...addressSlots(person.addresses),
    ...(website ? { businessHomePage: website.url } : {}),
    ...(person.notes ? { personalNotes: person.notes } : {}),
    ...(extended.length > 0 ? { singleValueExtendedProperties: extended } : {}),
  };
}

function extendedPhones(phones: GeneratedPhone[]): Array<{ id: string; value: string }> {
  const out = new Map<string, string>();
  for (const phone of phones) {
    const id = EXTENDED_PHONE_IDS[phone.type];
    if (id && !out.has(id)) out.set(id, phone.number);
  }
  return [...out].map(([id, value]) => ({ id, value }));
}

const SLOT = { home: 'homeAddress', work: 'businessAddress', other: 'otherAddress' } as const;

function addressSlots(addresses: GeneratedAddress[]): Record<string, object> {
  const out: Record<string, object> = {};
  for (const address of addresses) {
    const slot = SLOT[address.type];
    if (slot in out) continue;
    out[slot] = {
      ...(address.street ? { street: address.street } : {}),
      ...(address.city ? { city: address.city } : {}),
      ...(address.region ? { state: address.region } : {}),
      ...(address.postalCode ? { postalCode: address.postalCode } : {}),
      ...(address.country ? { countryOrRegion: address.country } : {}),
    };
  }
  return out;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
