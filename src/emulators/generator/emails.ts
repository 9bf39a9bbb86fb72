import type { EmailType, GeneratedEmail } from './generated-contact.ts';
import { asciiSlug, hostLabel } from './text.ts';

export interface EmailOwner {
  readonly givenName: string;
  readonly familyName: string;
  readonly company?: string;
}

const LOCAL_PART_PATTERNS = [
  (given: string, family: string) => `${given}.${family}`,
  (given: string, family: string) => `${given.charAt(0)}${family}`,
  (given: string, family: string) => `${family}.${given}`,
  (given: string, family: string) => `${given}_${family}`,
  (given: string) => given,
] as const;

export const LOCAL_PART_PATTERN_COUNT = LOCAL_PART_PATTERNS.length;

/**
 * Local parts are letters, dots and underscores followed by the contact's serial number, so the
 * trailing digits name exactly one contact: two contacts can never share an address by chance,
 * and the same-person rule only ever pairs a deliberate near-duplicate with its original.
 */
export function emailAddress(
  owner: EmailOwner,
  serial: number,
  pattern: number,
  type: EmailType,
  domain: string,
): GeneratedEmail {
  const given = asciiSlug(owner.givenName) || 'contact';
  const family = asciiSlug(owner.familyName) || 'contact';
  const format = LOCAL_PART_PATTERNS[pattern % LOCAL_PART_PATTERNS.length] ?? LOCAL_PART_PATTERNS[0];
  return { address: `${format(given, family)}${serial}@${hostFor(owner, type, domain)}`, type };
}

function hostFor(owner: EmailOwner, type: EmailType, domain: string): string {
  switch (type) {
    case 'home':
      return domain;
    case 'work':
      return owner.company === undefined ? `work.${domain}` : `${hostLabel(owner.company)}.${domain}`;
    case 'other':
      return `alumni.${domain}`;
  }
}
