import type { GeneratedContact } from './generated-contact.ts';
import { generateNearDuplicate } from './near-duplicates.ts';
import { type ContactRecord, type GenerationContext, generateOriginal } from './original-contact.ts';
import { createRandom, type Random } from './random.ts';

export type {
  AddressType,
  EmailType,
  GeneratedAddress,
  GeneratedBirthday,
  GeneratedContact,
  GeneratedEmail,
  GeneratedPhone,
  GeneratedWebsite,
  PhoneType,
  WebsiteType,
} from './generated-contact.ts';

export interface GenerateOptions {
  /** How many contacts to return, near-duplicates included. */
  count: number;
  /** Same seed, same output byte for byte; read as an unsigned 32-bit integer. Defaults to 1. */
  seed?: number;
  /**
   * Share (0–1) of contacts that repeat an earlier one with a small variation. Each original is
   * repeated at most once, so that every near-duplicate forms exactly one same-person pair; the
   * share is therefore capped at one half.
   */
  duplicateRate?: number;
  /** Domain of every e-mail address, default `example.com`; must be a reserved example domain. */
  emailDomain?: string;
}

// RFC 2606 names: test data must never address mail to a real inbox.
const RESERVED_DOMAIN = /(^|\.)(example\.(com|org|net)|[a-z0-9-]+\.(example|test|invalid|localhost))$/;

interface Settings {
  count: number;
  seed: number;
  duplicates: number;
  emailDomain: string;
}

function parseOptions(options: GenerateOptions): Settings {
  const { count, seed = 1, duplicateRate = 0, emailDomain = 'example.com' } = options;
  const problems: string[] = [];
  if (!Number.isSafeInteger(count) || count < 0) problems.push('count must be a non-negative integer');
  if (!Number.isFinite(seed)) problems.push('seed must be a finite number');
  if (!(duplicateRate >= 0 && duplicateRate <= 1)) problems.push('duplicateRate must be between 0 and 1');
  const domain = emailDomain.trim().toLowerCase();
  if (!RESERVED_DOMAIN.test(domain))
    problems.push('emailDomain must be example.com/.org/.net or a reserved test domain');
  if (problems.length > 0) throw new RangeError(`generateContacts: ${problems.join('; ')}`);

  const duplicates = Math.min(Math.round(count * duplicateRate), Math.floor(count / 2));
  return { count, seed: seed >>> 0, duplicates, emailDomain: domain };
}

/**
 * Decides, position by position, whether the next contact repeats an earlier one. Drawing with
 * probability remaining/slots spreads duplicates evenly and lands on the exact total; the pool of
 * not-yet-repeated originals can never run dry, because at most half the contacts are duplicates.
 */
function isDuplicateSlot(random: Random, remaining: number, slotsLeft: number, poolSize: number): boolean {
  if (remaining === 0 || poolSize === 0) return false;
  if (remaining >= slotsLeft) return true;
  return random.next() < remaining / slotsLeft;
}

function takeFromPool(random: Random, pool: ContactRecord[]): ContactRecord {
  const index = random.int(pool.length);
  const chosen = pool[index] as ContactRecord;
  // Swap-remove keeps this O(1); the pool's order is itself seeded, so output stays reproducible.
  pool[index] = pool[pool.length - 1] as ContactRecord;
  pool.pop();
  return chosen;
}

/** Realistic contacts from many countries, reproducible from a seed, for tests, benchmarks and demos. */
export function generateContacts(options: GenerateOptions): GeneratedContact[] {
  const settings = parseOptions(options);
  const random = createRandom(settings.seed);
  const context: GenerationContext = { random, emailDomain: settings.emailDomain, usedPhones: new Set() };
  const contacts: GeneratedContact[] = [];
  const pool: ContactRecord[] = [];
  let remaining = settings.duplicates;

  for (let serial = 0; serial < settings.count; serial++) {
    if (isDuplicateSlot(random, remaining, settings.count - serial, pool.length)) {
      remaining--;
      contacts.push(generateNearDuplicate(context, takeFromPool(random, pool), serial).contact);
      continue;
    }
    const record = generateOriginal(context, serial);
    contacts.push(record.contact);
    if (settings.duplicates > 0) pool.push(record);
  }
  return contacts;
}
