import type { City, Country } from './countries.ts';
import type { AddressType, GeneratedAddress } from './generated-contact.ts';
import type { Random } from './random.ts';

// Letters used by British and Canadian postcodes; the ones easily misread as digits are left out.
const POSTCODE_LETTERS = 'ABCEGHJLNPRSTWXYZ';

function fillPostalCode(random: Random, template: string): string {
  let out = '';
  for (const char of template) {
    if (char === '#') out += String.fromCharCode(48 + random.int(10));
    else if (char === '@') out += POSTCODE_LETTERS.charAt(random.int(POSTCODE_LETTERS.length));
    else out += char;
  }
  return out;
}

function streetLine(random: Random, country: Country): string {
  const street = random.pick(country.streets);
  const number = 1 + random.int(random.chance(0.8) ? 60 : 400);
  switch (country.streetStyle) {
    case 'number-first':
      return `${number} ${street}`;
    case 'number-last':
      return `${street} ${number}`;
    case 'number-after-comma':
      return `${street}, ${number}`;
    case 'block-numbers':
      return `${street} ${1 + random.int(6)}-${number}-${1 + random.int(20)}`;
  }
}

export function generateAddress(
  random: Random,
  type: AddressType,
  country: Country,
  city: City,
): GeneratedAddress {
  const place = { city: city.name, country: country.name, countryCode: country.code };

  // Some address books hold only a town, as typed from a business card.
  if (random.chance(0.1)) return { type, ...place };

  let street = streetLine(random, country);
  if (random.chance(0.08)) street += `\n${random.pick(country.secondLines)}`;
  const postalCode = fillPostalCode(random, city.postalCode);
  // Regions are often left blank, even where the country uses them.
  const region = city.region !== undefined && random.chance(0.9) ? { region: city.region } : {};
  return {
    type,
    street,
    city: city.name,
    ...region,
    postalCode,
    country: country.name,
    countryCode: country.code,
  };
}
