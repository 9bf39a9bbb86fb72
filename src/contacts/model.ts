import { z } from 'zod';

import {
  ADDRESS_LABELS,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  type ContactStatus,
  type ContactType,
  EMAIL_LABELS,
  PHONE_LABELS,
  WEBSITE_LABELS,
} from './vocabulary.ts';

export * from './vocabulary.ts';

/** Limits on what one contact may hold; docs/contacts.md repeats them for API users. */
export const LIMITS = {
  name: 200,
  company: 200,
  jobTitle: 200,
  email: 254,
  phone: 40,
  addressPart: 500,
  url: 2000,
  notes: 20_000,
  tag: 50,
  emails: 20,
  phones: 20,
  addresses: 10,
  websites: 20,
  tags: 50,
} as const;

/** Trims; an empty or blank string means "no value". */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.trim() || null)
    .nullable()
    .optional();

const birthdaySchema = z
  .strictObject({
    year: z.number().int().min(1000).max(9999).nullable().optional(),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  })
  .superRefine((value, ctx) => {
    if (!isRealDate(value.year ?? null, value.month, value.day)) {
      ctx.addIssue({
        code: 'custom',
        path: ['day'],
        message: `${value.month}/${value.day}${value.year ? `/${value.year}` : ''} is not a date.`,
        params: { code: 'invalid_date' },
      });
    }
  });

const emailSchema = z.strictObject({
  address: z
    .string()
    .trim()
    .max(LIMITS.email)
    .pipe(z.email({ message: 'Not an email address.' })),
  label: z.enum(EMAIL_LABELS).default('other'),
});

const phoneSchema = z.strictObject({
  number: z
    .string()
    .trim()
    .max(LIMITS.phone)
    .refine((value) => /^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:x|ext\.?|#)\s*\d+)?$/i.test(value), {
      message: 'Only digits, spaces, + ( ) . - / and an extension are allowed.',
      params: { code: 'invalid_phone' },
    })
    .refine((value) => (value.match(/\d/g)?.length ?? 0) >= 3, {
      message: 'A phone number has at least 3 digits.',
      params: { code: 'invalid_phone' },
    }),
  label: z.enum(PHONE_LABELS).default('mobile'),
});

const addressSchema = z
  .strictObject({
    label: z.enum(ADDRESS_LABELS).default('home'),
    street: optionalText(LIMITS.addressPart),
    city: optionalText(LIMITS.addressPart),
    region: optionalText(LIMITS.addressPart),
    postalCode: optionalText(LIMITS.addressPart),
    country: optionalText(LIMITS.addressPart),
  })
  .refine((a) => a.street || a.city || a.region || a.postalCode || a.country, {
    message: 'An address needs at least one part.',
    params: { code: 'required' },
  });

const websiteSchema = z.strictObject({
  url: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.url)
    .refine((value) => /^[a-z][a-z0-9+.-]*:\/\/\S+$|^[^\s/:]+\.[^\s]+$/i.test(value), {
      message: 'Not a web address.',
      params: { code: 'invalid_format' },
    }),
  label: z.enum(WEBSITE_LABELS).default('other'),
});

const tagSchema = z.string().trim().min(1).max(LIMITS.tag);

/** The editable fields, shared by create and update. */
const editableShape = {
  firstName: optionalText(LIMITS.name),
  middleName: optionalText(LIMITS.name),
  lastName: optionalText(LIMITS.name),
  company: optionalText(LIMITS.company),
  jobTitle: optionalText(LIMITS.jobTitle),
  birthday: birthdaySchema.nullable().optional(),
  emails: z.array(emailSchema).max(LIMITS.emails).optional(),
  phones: z.array(phoneSchema).max(LIMITS.phones).optional(),
  addresses: z.array(addressSchema).max(LIMITS.addresses).optional(),
  websites: z.array(websiteSchema).max(LIMITS.websites).optional(),
  notes: optionalText(LIMITS.notes),
  tags: z.array(tagSchema).max(LIMITS.tags).optional(),
  status: z.enum(CONTACT_STATUSES).optional(),
};

export const contactCreateSchema = z.strictObject({
  ...editableShape,
  /** Only `manual` from a browser session; API tokens (lead providers) may also send `lead`. */
  type: z.enum(CONTACT_TYPES).optional(),
});

export const contactUpdateSchema = z.strictObject(editableShape);

export type ContactCreateInput = z.output<typeof contactCreateSchema>;
export type ContactUpdateInput = z.output<typeof contactUpdateSchema>;

export interface Birthday {
  year?: number;
  month: number;
  day: number;
}

export interface Email {
  address: string;
  label: string;
}
export interface Phone {
  number: string;
  label: string;
}
export interface Address {
  label: string;
  street: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}
export interface Website {
  url: string;
  label: string;
}

/** Fields of a contact after validation, whatever its source (API, import, sync). */
export interface ContactDraft {
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  birthday: Birthday | null;
  emails: Email[];
  phones: Phone[];
  addresses: Address[];
  websites: Website[];
  notes: string | null;
  tags: string[];
  type: ContactType;
  status: ContactStatus;
}

/** A contact as the API shows it. */
export interface Contact extends ContactDraft {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** True for a real calendar date; without a year, 29 February is allowed. */
export function isRealDate(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probeYear = year ?? 2000; // a leap year, so 29 February passes when the year is unknown
  const date = new Date(Date.UTC(probeYear, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Turns validated create input into a draft: defaults, and duplicate values dropped. */
export function draftFromInput(input: ContactCreateInput, type: ContactType): ContactDraft {
  return {
    firstName: input.firstName ?? null,
    middleName: input.middleName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    jobTitle: input.jobTitle ?? null,
    birthday: input.birthday ? birthdayFrom(input.birthday) : null,
    emails: uniqueBy(input.emails ?? [], (e) => e.address.toLowerCase()),
    phones: uniqueBy(input.phones ?? [], (p) => `${p.label}|${p.number.replace(/\D/g, '')}`),
    addresses: (input.addresses ?? []).map(normaliseAddress),
    websites: uniqueBy(input.websites ?? [], (w) => w.url),
    notes: input.notes ?? null,
    tags: uniqueBy(input.tags ?? [], (t) => t.toLowerCase()),
    type,
    status: input.status ?? 'active',
  };
}

export function birthdayFrom(value: {
  year?: number | null | undefined;
  month: number;
  day: number;
}): Birthday {
  return value.year
    ? { year: value.year, month: value.month, day: value.day }
    : { month: value.month, day: value.day };
}

export function normaliseAddress(a: {
  label: string;
  street?: string | null | undefined;
  city?: string | null | undefined;
  region?: string | null | undefined;
  postalCode?: string | null | undefined;
  country?: string | null | undefined;
}): Address {
  return {
    label: a.label,
    street: a.street ?? null,
    city: a.city ?? null,
    region: a.region ?? null,
    postalCode: a.postalCode ?? null,
    country: a.country ?? null,
  };
}

export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
