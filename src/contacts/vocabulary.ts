// The contact vocabularies, free of any dependency so that the web UI can share them with the API.

export const PHONE_LABELS = [
  'mobile',
  'home',
  'work',
  'main',
  'other',
  'home-fax',
  'work-fax',
  'other-fax',
  'pager',
] as const;
export const EMAIL_LABELS = ['home', 'work', 'other'] as const;
export const ADDRESS_LABELS = ['home', 'work', 'other'] as const;
export const WEBSITE_LABELS = ['home', 'work', 'other'] as const;
export const CONTACT_TYPES = ['manual', 'import', 'lead', 'google', 'microsoft'] as const;
export const CONTACT_STATUSES = ['future', 'active', 'past-client', 'archived'] as const;

export type PhoneLabel = (typeof PHONE_LABELS)[number];
export type ContactType = (typeof CONTACT_TYPES)[number];
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
