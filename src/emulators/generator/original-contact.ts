import { generateAddress } from './addresses.ts';
import { COMPANIES, type Company, JOB_TITLES, LOCAL_JOB_TITLES } from './companies.ts';
import { type City, COUNTRIES, type Country, countryByCode } from './countries.ts';
import { emailAddress } from './emails.ts';
import type {
  EmailType,
  GeneratedAddress,
  GeneratedBirthday,
  GeneratedContact,
  GeneratedEmail,
  GeneratedWebsite,
  PhoneType,
  WebsiteType,
} from './generated-contact.ts';
import { CULTURES, type NameCulture } from './names.ts';
import { NOTE_LINES } from './notes.ts';
import {
  formatPhone,
  landlineNumber,
  mobileNumber,
  type PhoneNumber,
  type PhoneStyle,
} from './phone-numbers.ts';
import { type Random, weighted } from './random.ts';
import { websiteFor } from './websites.ts';

export interface GenerationContext {
  readonly random: Random;
  readonly emailDomain: string;
  /** E.164 numbers already handed out: no two contacts share a phone unless one copies the other. */
  readonly usedPhones: Set<string>;
}

export interface Place {
  readonly country: Country;
  readonly city: City;
}

/** A contact plus what a near-duplicate needs to rewrite it: its phones as digits, and where it lives. */
export interface ContactRecord {
  readonly contact: GeneratedContact;
  /** Parallel to `contact.phones`. */
  readonly phoneNumbers: PhoneNumber[];
  readonly phoneStyles: PhoneStyle[];
  readonly home: Place;
  readonly work: Place;
}

const EMAIL_COUNT = weighted([
  [0, 12],
  [1, 45],
  [2, 28],
  [3, 10],
  [4, 5],
]);
const EMAIL_TYPE = weighted<EmailType>([
  ['home', 50],
  ['work', 30],
  ['other', 20],
]);
const PHONE_COUNT = weighted([
  [0, 15],
  [1, 40],
  [2, 28],
  [3, 12],
  [4, 5],
]);
const PHONE_TYPE = weighted<PhoneType>([
  ['mobile', 40],
  ['work', 25],
  ['home', 20],
  ['main', 7],
  ['other', 8],
]);
const ADDRESS_COUNT = weighted([
  [0, 25],
  [1, 50],
  [2, 22],
  [3, 3],
]);
const WEBSITE_COUNT = weighted([
  [0, 70],
  [1, 22],
  [2, 8],
]);
const WEBSITE_TYPE = weighted<WebsiteType>([
  ['profile', 35],
  ['work', 25],
  ['blog', 15],
  ['home', 15],
  ['other', 10],
]);

const WORK_PHONE_TYPES: ReadonlySet<PhoneType> = new Set(['work', 'main', 'workFax']);

function randomPlace(random: Random, country: Country): Place {
  return { country, city: random.pick(country.cities) };
}

function homePlace(random: Random, culture: NameCulture): Place {
  // A fifth of people live away from where their name comes from.
  const country = random.chance(0.2)
    ? random.pick(COUNTRIES)
    : countryByCode(random.pickWeighted(culture.homeCountries));
  return randomPlace(random, country);
}

function workPlace(random: Random, home: Place, company: Company | undefined): Place {
  if (company !== undefined && random.chance(0.7)) return randomPlace(random, countryByCode(company.country));
  return random.chance(0.5) ? home : randomPlace(random, home.country);
}

export function jobTitleAt(random: Random, company: Company | undefined): string {
  const local = company === undefined ? undefined : LOCAL_JOB_TITLES[company.country];
  return local !== undefined && random.chance(0.4) ? random.pick(local) : random.pick(JOB_TITLES);
}

interface Names {
  givenName: string;
  middleName?: string;
  familyName: string;
}

function generateNames(random: Random, culture: NameCulture): Names {
  const woman = random.chance(0.5);
  const givenName = random.pick(woman ? culture.women : culture.men);
  const family = random.pick(culture.families);
  const familyName = typeof family === 'string' ? family : family[woman ? 1 : 0];
  if (!random.chance(culture.middleNameRate)) return { givenName, familyName };

  const middles = culture.middleNames ?? culture;
  const middleName = random.pick(woman ? middles.women : middles.men);
  return middleName === givenName ? { givenName, familyName } : { givenName, middleName, familyName };
}

function daysInMonth(month: number, year: number | undefined): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  // Without a year, 29 February is a birthday like any other.
  if (year === undefined) return 29;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function generateBirthday(random: Random): GeneratedBirthday {
  const year = random.chance(2 / 3) ? 1945 + random.int(62) : undefined;
  const month = 1 + random.int(12);
  const day = 1 + random.int(daysInMonth(month, year));
  return year === undefined ? { month, day } : { year, month, day };
}

function generateEmails(context: GenerationContext, owner: Names & { company?: string }, serial: number) {
  const { random } = context;
  const count = random.pickWeighted(EMAIL_COUNT);
  const emails: GeneratedEmail[] = [];
  for (let i = 0; i < count; i++) {
    const type =
      i === 0 && owner.company !== undefined && random.chance(0.5) ? 'work' : random.pickWeighted(EMAIL_TYPE);
    emails.push(emailAddress(owner, serial, i, type, context.emailDomain));
  }
  return emails;
}

function phoneTypes(random: Random, hasCompany: boolean): PhoneType[] {
  // A few people list three office or three home lines; Outlook keeps only two of each.
  if (random.chance(0.03)) {
    const kind = random.chance(0.5) ? 'work' : 'home';
    return random.chance(0.5) ? ['mobile', kind, kind, kind] : [kind, kind, kind];
  }
  const count = random.pickWeighted(PHONE_COUNT);
  const types: PhoneType[] = [];
  for (let i = 0; i < count; i++)
    types.push(i === 0 && random.chance(0.7) ? 'mobile' : random.pickWeighted(PHONE_TYPE));

  // A fax or pager takes the last place when all four are used.
  if (random.chance(0.1)) {
    types[Math.min(types.length, 3)] = hasCompany ? 'workFax' : random.chance(0.5) ? 'homeFax' : 'otherFax';
  }
  if (random.chance(0.02)) types[Math.min(types.length, 3)] = 'pager';
  return types;
}

/** Draws numbers until one is new; the numbering spaces are large, so this almost never loops. */
function phoneNumberFor(
  context: GenerationContext,
  type: PhoneType,
  record: Pick<ContactRecord, 'home' | 'work'>,
) {
  const { random, usedPhones } = context;
  const { country, city } = WORK_PHONE_TYPES.has(type) ? record.work : record.home;
  const mobile = type === 'mobile' || type === 'pager';
  for (let attempt = 0; attempt < 100; attempt++) {
    const phone = mobile ? mobileNumber(random, country, city) : landlineNumber(random, country, city);
    if (!usedPhones.has(phone.e164)) {
      usedPhones.add(phone.e164);
      return phone;
    }
  }
  throw new RangeError('could not find an unused phone number; the count is too large for this generator');
}

function originalPhoneStyle(random: Random, phone: PhoneNumber): PhoneStyle {
  const roll = random.next();
  if (phone.country.callingCode === '1')
    return roll < 0.65 ? 'national' : roll < 0.95 ? 'international' : 'compact';
  return roll < 0.9 ? 'international' : 'compact';
}

function generateAddresses(random: Random, home: Place, work: Place): GeneratedAddress[] {
  const count = random.pickWeighted(ADDRESS_COUNT);
  if (count === 0) return [];
  if (count === 1) {
    return random.chance(0.6)
      ? [generateAddress(random, 'home', home.country, home.city)]
      : [generateAddress(random, 'work', work.country, work.city)];
  }
  const addresses = [
    generateAddress(random, 'home', home.country, home.city),
    generateAddress(random, 'work', work.country, work.city),
  ];
  if (count === 3) {
    const other = randomPlace(random, random.pick(COUNTRIES));
    addresses.push(generateAddress(random, 'other', other.country, other.city));
  }
  return addresses;
}

function generateWebsites(random: Random, owner: Names & { company?: string }, serial: number) {
  const count = random.pickWeighted(WEBSITE_COUNT);
  const websites: GeneratedWebsite[] = [];
  const types = new Set<WebsiteType>();
  while (types.size < count) types.add(random.pickWeighted(WEBSITE_TYPE));
  for (const type of types) websites.push(websiteFor(owner, serial, type));
  return websites;
}

function generateNotes(random: Random): string {
  const first = random.pick(NOTE_LINES);
  return random.chance(0.25) ? `${first}\n${random.pick(NOTE_LINES)}` : first;
}

/** A new person, unrelated to any earlier contact. `serial` makes their e-mail addresses unique. */
export function generateOriginal(context: GenerationContext, serial: number): ContactRecord {
  const { random } = context;
  const culture = random.pickWeighted(CULTURES);
  const names = generateNames(random, culture);
  const company = random.chance(0.65) ? random.pick(COMPANIES) : undefined;
  const home = homePlace(random, culture);
  const work = workPlace(random, home, company);

  // Optional fields are assigned rather than spread in: object spread was a measurable cost at 50,000
  // contacts. Insertion order stays fixed, so serialised output is still identical run after run.
  const contact: GeneratedContact = {
    givenName: names.givenName,
    familyName: names.familyName,
    emails: [],
    phones: [],
    addresses: [],
    websites: [],
  };
  if (names.middleName !== undefined) contact.middleName = names.middleName;
  if (company !== undefined) contact.company = company.name;
  if (random.chance(company === undefined ? 0.08 : 0.8)) contact.jobTitle = jobTitleAt(random, company);
  if (random.chance(0.4)) contact.birthday = generateBirthday(random);
  contact.emails = generateEmails(context, contact, serial);

  const record: ContactRecord = { contact, phoneNumbers: [], phoneStyles: [], home, work };
  const types = phoneTypes(random, company !== undefined);
  // The same-person rule needs an e-mail or a phone; a contact with neither could never be matched.
  if (types.length === 0 && contact.emails.length === 0) types.push('mobile');
  for (const type of types) addPhone(context, record, type);

  contact.addresses = generateAddresses(random, home, work);
  contact.websites = generateWebsites(random, contact, serial);
  if (random.chance(0.25)) contact.notes = generateNotes(random);
  return record;
}

export function addPhone(context: GenerationContext, record: ContactRecord, type: PhoneType): void {
  const phone = phoneNumberFor(context, type, record);
  const style = originalPhoneStyle(context.random, phone);
  record.phoneNumbers.push(phone);
  record.phoneStyles.push(style);
  record.contact.phones.push({ number: formatPhone(phone, style), type });
}
