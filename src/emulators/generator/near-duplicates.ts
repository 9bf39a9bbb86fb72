import { emailAddress, LOCAL_PART_PATTERN_COUNT } from './emails.ts';
import type { GeneratedContact, PhoneType } from './generated-contact.ts';
import { NOTE_LINES } from './notes.ts';
import {
  addPhone,
  type ContactRecord,
  type GenerationContext,
  generateBirthday,
  jobTitleAt,
} from './original-contact.ts';
import { formatPhone, PHONE_STYLES } from './phone-numbers.ts';
import { type Random, weighted } from './random.ts';
import { dropAccents } from './text.ts';
import { websiteFor } from './websites.ts';

type Variation = 'letter-case' | 'accents' | 'spaces' | 'phone-format' | 'extra-field';

const VARIATIONS = weighted<Variation>([
  ['letter-case', 25],
  ['accents', 20],
  ['spaces', 15],
  ['phone-format', 20],
  ['extra-field', 20],
]);

function cloneContact(contact: GeneratedContact): GeneratedContact {
  const copy: GeneratedContact = {
    ...contact,
    emails: contact.emails.map((email) => ({ ...email })),
    phones: contact.phones.map((phone) => ({ ...phone })),
    addresses: contact.addresses.map((address) => ({ ...address })),
    websites: contact.websites.map((website) => ({ ...website })),
  };
  if (contact.birthday !== undefined) copy.birthday = { ...contact.birthday };
  return copy;
}

/** Upper case only where it round-trips: "Groß" would become "GROSS", a different name once folded. */
function upperCase(value: string): string {
  const upper = value.toUpperCase();
  return upper.toLowerCase() === value.toLowerCase() ? upper : value;
}

function changeLetterCase(random: Random, contact: GeneratedContact): void {
  const roll = random.int(3);
  // French address books often shout the family name: "Amélie LEFÈVRE".
  if (roll === 0 && upperCase(contact.familyName) !== contact.familyName) {
    contact.familyName = upperCase(contact.familyName);
  } else if (roll === 2 && upperCase(contact.givenName) !== contact.givenName) {
    contact.givenName = upperCase(contact.givenName);
  } else {
    contact.givenName = contact.givenName.toLowerCase();
    contact.familyName = contact.familyName.toLowerCase();
  }
}

/** Returns false when the name has no accent to drop, so that another variation is applied instead. */
function dropNameAccents(contact: GeneratedContact): boolean {
  const givenName = dropAccents(contact.givenName);
  const familyName = dropAccents(contact.familyName);
  if (givenName === contact.givenName && familyName === contact.familyName) return false;
  contact.givenName = givenName;
  contact.familyName = familyName;
  if (contact.middleName !== undefined) contact.middleName = dropAccents(contact.middleName);
  return true;
}

function addSurroundingSpaces(random: Random, contact: GeneratedContact): void {
  if (random.chance(0.5)) contact.givenName = ` ${contact.givenName} `;
  else contact.givenName = `${contact.givenName}  `;
  if (random.chance(0.5)) contact.familyName = `  ${contact.familyName}`;
}

/** The same number in another notation; with no phone, the e-mail's letter case changes instead. */
function rewritePhone(random: Random, duplicate: ContactRecord): void {
  const index = random.int(duplicate.contact.phones.length);
  const phone = duplicate.phoneNumbers[index];
  const entry = duplicate.contact.phones[index];
  if (phone === undefined || entry === undefined) {
    changeEmailCase(random, duplicate.contact);
    return;
  }
  const start = random.int(PHONE_STYLES.length);
  for (let step = 0; step < PHONE_STYLES.length; step++) {
    const style = PHONE_STYLES[(start + step) % PHONE_STYLES.length] ?? 'compact';
    const written = formatPhone(phone, style);
    if (written !== entry.number) {
      entry.number = written;
      duplicate.phoneStyles[index] = style;
      return;
    }
  }
}

function changeEmailCase(random: Random, contact: GeneratedContact): void {
  const email = contact.emails[random.int(contact.emails.length)];
  if (email === undefined) return;
  const [local = '', domain = ''] = email.address.split('@');
  email.address = random.chance(0.5)
    ? email.address.toUpperCase()
    : `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
}

type ExtraField = 'email' | 'phone' | 'website' | 'jobTitle' | 'birthday' | 'notes';

function addExtraField(context: GenerationContext, duplicate: ContactRecord, serial: number): void {
  const { random } = context;
  const contact = duplicate.contact;
  const candidates: ExtraField[] = ['website'];
  if (contact.emails.length < 4) candidates.push('email');
  if (contact.phones.length < 4) candidates.push('phone');
  if (contact.jobTitle === undefined) candidates.push('jobTitle');
  if (contact.birthday === undefined) candidates.push('birthday');
  if (contact.notes === undefined) candidates.push('notes');

  switch (random.pick(candidates)) {
    case 'email': {
      const pattern = random.int(LOCAL_PART_PATTERN_COUNT);
      contact.emails.push(
        emailAddress(contact, serial, pattern, random.chance(0.5) ? 'home' : 'work', context.emailDomain),
      );
      return;
    }
    case 'phone':
      addPhone(context, duplicate, random.pick<PhoneType>(['mobile', 'work', 'home']));
      return;
    case 'website': {
      // The duplicate's own serial gives it a profile URL the original does not have.
      contact.websites.push(websiteFor(contact, serial, 'profile'));
      return;
    }
    case 'jobTitle':
      contact.jobTitle = jobTitleAt(random, undefined);
      return;
    case 'birthday':
      contact.birthday = generateBirthday(random);
      return;
    case 'notes':
      contact.notes = random.pick(NOTE_LINES);
      return;
  }
}

function applyVariation(
  context: GenerationContext,
  variation: Variation,
  duplicate: ContactRecord,
  serial: number,
): void {
  const { random } = context;
  const contact = duplicate.contact;
  switch (variation) {
    case 'letter-case':
      changeLetterCase(random, contact);
      return;
    case 'accents':
      if (!dropNameAccents(contact)) changeLetterCase(random, contact);
      return;
    case 'spaces':
      addSurroundingSpaces(random, contact);
      return;
    case 'phone-format':
      rewritePhone(random, duplicate);
      return;
    case 'extra-field':
      addExtraField(context, duplicate, serial);
      return;
  }
}

/**
 * The same person entered again, as happens when two address books are merged: same names up to
 * case, accents and surrounding spaces, and every e-mail and phone of the original kept (so at
 * least one is shared), with one or two small differences.
 */
export function generateNearDuplicate(
  context: GenerationContext,
  original: ContactRecord,
  serial: number,
): ContactRecord {
  const { random } = context;
  const duplicate: ContactRecord = {
    contact: cloneContact(original.contact),
    phoneNumbers: [...original.phoneNumbers],
    phoneStyles: [...original.phoneStyles],
    home: original.home,
    work: original.work,
  };
  const first = random.pickWeighted(VARIATIONS);
  applyVariation(context, first, duplicate, serial);
  if (random.chance(0.3)) {
    const second = random.pickWeighted(VARIATIONS);
    if (second !== first) applyVariation(context, second, duplicate, serial);
  }
  return duplicate;
}
