export type EmailType = 'home' | 'work' | 'other';
export type PhoneType =
  | 'mobile'
  | 'home'
  | 'work'
  | 'main'
  | 'other'
  | 'homeFax'
  | 'workFax'
  | 'otherFax'
  | 'pager';
export type AddressType = 'home' | 'work' | 'other';
export type WebsiteType = 'home' | 'work' | 'blog' | 'profile' | 'other';

export interface GeneratedEmail {
  address: string;
  type: EmailType;
}

export interface GeneratedPhone {
  number: string;
  type: PhoneType;
}

export interface GeneratedAddress {
  type: AddressType;
  /** May hold a second line (building, flat) after a line feed. */
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  countryCode?: string;
}

export interface GeneratedWebsite {
  url: string;
  type: WebsiteType;
}

export interface GeneratedBirthday {
  year?: number;
  month: number;
  day: number;
}

export interface GeneratedContact {
  givenName: string;
  middleName?: string;
  familyName: string;
  company?: string;
  jobTitle?: string;
  birthday?: GeneratedBirthday;
  /** 0–4; a few have 4 because Outlook keeps only 3. */
  emails: GeneratedEmail[];
  /** 0–4; a few have 3 work or 3 home numbers because Outlook keeps only 2 of each. */
  phones: GeneratedPhone[];
  addresses: GeneratedAddress[];
  websites: GeneratedWebsite[];
  notes?: string;
}
