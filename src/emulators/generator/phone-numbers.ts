import type { City, Country } from './countries.ts';
import type { Random } from './random.ts';

/** A number kept as digits, so that a near-duplicate can write the same number another way. */
export interface PhoneNumber {
  readonly country: Country;
  /** The national significant number: area code or mobile prefix, then the subscriber number. */
  readonly digits: string;
  /** Digit counts of the groups it is written in, shared with the country data rather than copied. */
  readonly groups: readonly number[];
  readonly e164: string;
}

export type PhoneStyle = 'international' | 'national' | 'compact' | 'dotted' | 'dashed' | 'spaced';

function totalOf(lengths: readonly number[]): number {
  let total = 0;
  for (const length of lengths) total += length;
  return total;
}

function phoneNumber(country: Country, digits: string, groups: readonly number[]): PhoneNumber {
  return { country, digits, groups, e164: `+${country.callingCode}${digits}` };
}

export function landlineNumber(random: Random, country: Country, city: City): PhoneNumber {
  const subscriberLength = totalOf(city.landlineGroups) - city.areaCode.length;
  const firstDigits = city.firstDigits ?? country.landlineFirstDigits;
  return phoneNumber(
    country,
    city.areaCode + random.digits(subscriberLength, firstDigits),
    city.landlineGroups,
  );
}

export function mobileNumber(random: Random, country: Country, city: City): PhoneNumber {
  const plan = country.mobile;
  const prefix = (plan.afterAreaCode ? city.areaCode : '') + random.pick(plan.prefixes);
  const first = prefix === '' || plan.afterAreaCode ? country.landlineFirstDigits : '0123456789';
  return phoneNumber(
    country,
    prefix + random.digits(totalOf(plan.groups) - prefix.length, first),
    plan.groups,
  );
}

/** The digits after the first group, joined by `separator`; the last group takes what is left. */
function restOf(phone: PhoneNumber, separator: string): string {
  const { digits, groups } = phone;
  let at = groups[0] ?? 0;
  let out = '';
  for (let i = 1; i < groups.length; i++) {
    const end = i === groups.length - 1 ? digits.length : at + (groups[i] ?? 0);
    out += i === 1 ? digits.slice(at, end) : separator + digits.slice(at, end);
    at = end;
  }
  return out;
}

/**
 * Writes a number in one of the ways people type them. Only North American numbers are ever written
 * without their country code (`(512) 555-0143`, as US address books show them): any other number
 * keeps it, so that every generated number reads the same when parsed with `US` as the default.
 */
export function formatPhone(phone: PhoneNumber, style: PhoneStyle): string {
  const { country } = phone;
  const code = country.callingCode;
  const area = phone.digits.slice(0, phone.groups[0] ?? 0);
  switch (style) {
    case 'national':
      if (code === '1') return `(${area}) ${restOf(phone, '-')}`;
      return `+${code} ${area}${country.afterArea}${restOf(phone, country.between)}`;
    case 'international':
      return `+${code} ${area}${country.afterArea}${restOf(phone, country.between)}`;
    case 'compact':
      return phone.e164;
    case 'dotted':
      return `+${code}.${area}.${restOf(phone, '.')}`;
    case 'dashed':
      return `+${code}-${area}-${restOf(phone, '-')}`;
    case 'spaced':
      return code === '1' ? `+1 (${area}) ${restOf(phone, ' ')}` : `+${code} ${area} ${restOf(phone, ' ')}`;
  }
}

export const PHONE_STYLES: readonly PhoneStyle[] = [
  'international',
  'national',
  'compact',
  'dotted',
  'dashed',
  'spaced',
];
