import type { Birthday, Contact } from '../model.ts';
import { escapeComponent, escapeText, foldLine } from './vcard-text.ts';

/*
 * TYPE values written for each label. Phone numbers are written as text (VALUE=text), not as tel:
 * URIs, so that a number keeps the exact form the user typed. "main" is not a registered TEL type
 * but is what Apple writes and what the importer reads back; an "other" address needs a type too,
 * because an ADR without one is read as the default home address.
 */
const PHONE_TYPES: Readonly<Record<string, string>> = {
  mobile: 'cell',
  home: 'home',
  work: 'work',
  main: 'main',
  other: 'voice',
  'home-fax': 'fax,home',
  'work-fax': 'fax,work',
  'other-fax': 'fax',
  pager: 'pager',
};

const ADDRESS_TYPES: Readonly<Record<string, string>> = { home: 'home', work: 'work', other: 'other' };

/** Emails and websites without a type are read back as "other". */
const HOME_OR_WORK: Readonly<Record<string, string>> = { home: 'home', work: 'work' };

/** The contacts as one vCard 4.0 file: CRLF line endings, long lines folded. */
export function toVCard(contacts: Contact[]): string {
  return contacts.map(cardOf).join('');
}

function cardOf(contact: Contact): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `UID:urn:uuid:${contact.id}`,
    `FN:${escapeText(displayName(contact))}`,
    ...nameLines(contact),
    ...optionalLine('ORG', contact.company, escapeComponent),
    ...optionalLine('TITLE', contact.jobTitle, escapeText),
    ...(contact.birthday ? [`BDAY:${birthdayValue(contact.birthday)}`] : []),
    ...contact.emails.map(
      (email) => `EMAIL${typeParameter(HOME_OR_WORK[email.label])}:${escapeText(email.address)}`,
    ),
    ...contact.phones.map(
      (phone) =>
        `TEL;VALUE=text${typeParameter(PHONE_TYPES[phone.label] ?? 'voice')}:${escapeText(phone.number)}`,
    ),
    ...contact.addresses.map(addressLine),
    ...contact.websites.map((website) => `URL${typeParameter(HOME_OR_WORK[website.label])}:${website.url}`),
    ...optionalLine('NOTE', contact.notes, escapeText),
    ...(contact.tags.length > 0 ? [`CATEGORIES:${contact.tags.map(escapeText).join(',')}`] : []),
    `X-CONTACT-SYNC-ID:${escapeText(contact.id)}`,
    'END:VCARD',
  ];
  return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}

/** FN is required; a contact without a name is shown by its company, email or phone instead. */
function displayName(contact: Contact): string {
  const name = [contact.firstName, contact.middleName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.company || contact.emails[0]?.address || contact.phones[0]?.number || '';
}

function nameLines(contact: Contact): string[] {
  const { firstName, middleName, lastName } = contact;
  if (!firstName && !middleName && !lastName) return [];
  const parts = [lastName, firstName, middleName, '', ''].map((part) => escapeComponent(part ?? ''));
  return [`N:${parts.join(';')}`];
}

function optionalLine(name: string, value: string | null, encode: (value: string) => string): string[] {
  return value ? [`${name}:${encode(value)}`] : [];
}

function typeParameter(type: string | undefined): string {
  return type ? `;TYPE=${type}` : '';
}

/** vCard 4.0 writes a birthday without a year as --MMDD. */
function birthdayValue(birthday: Birthday): string {
  const monthDay = `${pad(birthday.month, 2)}${pad(birthday.day, 2)}`;
  return birthday.year === undefined ? `--${monthDay}` : `${pad(birthday.year, 4)}${monthDay}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** ADR parts: PO box; extended address; street; locality; region; postal code; country. */
function addressLine(address: Contact['addresses'][number]): string {
  const parts = ['', '', address.street, address.city, address.region, address.postalCode, address.country];
  const value = parts.map((part) => escapeComponent(part ?? '')).join(';');
  return `ADR${typeParameter(ADDRESS_TYPES[address.label] ?? 'other')}:${value}`;
}
