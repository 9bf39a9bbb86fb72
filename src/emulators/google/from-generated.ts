import type { GeneratedAddress, GeneratedContact } from '../generator/index.ts';

/** A generated contact as the Person JSON a client would send to createContact. */
export function personFromGenerated(contact: GeneratedContact): Record<string, unknown> {
  const person: Record<string, unknown> = {
    names: [
      {
        givenName: contact.givenName,
        ...(contact.middleName ? { middleName: contact.middleName } : {}),
        familyName: contact.familyName,
      },
    ],
  };
  if (contact.emails.length > 0) {
    person.emailAddresses = contact.emails.map((email) => ({ value: email.address, type: email.type }));
  }
  if (contact.phones.length > 0) {
    person.phoneNumbers = contact.phones.map((phone) => ({ value: phone.number, type: phone.type }));
  }
  if (contact.addresses.length > 0) person.addresses = contact.addresses.map(address);
  if (contact.company || contact.jobTitle) {
    person.organizations = [
      {
        ...(contact.company ? { name: contact.company } : {}),
        ...(contact.jobTitle ? { title: contact.jobTitle } : {}),
        type: 'work',
      },
    ];
  }
  if (contact.websites.length > 0) {
    person.urls = contact.websites.map((site) => ({ value: site.url, type: site.type }));
  }
  if (contact.birthday) person.birthdays = [{ date: { ...contact.birthday } }];
  if (contact.notes) person.biographies = [{ value: contact.notes, contentType: 'TEXT_PLAIN' }];
  return person;
}

/** Google keeps a second street line (flat, building) in `extendedAddress`. */
function address(value: GeneratedAddress): Record<string, unknown> {
  const [street, extended] = (value.street ?? '').split('\n');
  return {
    type: value.type,
    ...(street ? { streetAddress: street } : {}),
    ...(extended ? { extendedAddress: extended } : {}),
    ...(value.city ? { city: value.city } : {}),
    ...(value.region ? { region: value.region } : {}),
    ...(value.postalCode ? { postalCode: value.postalCode } : {}),
    ...(value.country ? { country: value.country } : {}),
    ...(value.countryCode ? { countryCode: value.countryCode } : {}),
  };
}
