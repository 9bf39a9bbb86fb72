import type { GeneratedWebsite, WebsiteType } from './generated-contact.ts';
import { hostLabel } from './text.ts';

export interface WebsiteOwner {
  readonly givenName: string;
  readonly familyName: string;
  readonly company?: string;
}

/** Every host is under a reserved example domain, so a demo never links to a real person's page. */
export function websiteFor(owner: WebsiteOwner, serial: number, type: WebsiteType): GeneratedWebsite {
  // Labelled part by part: the cache then sees a few hundred names instead of every combination.
  const person =
    [hostLabel(owner.givenName), hostLabel(owner.familyName)].filter(Boolean).join('-') || 'contact';
  switch (type) {
    case 'profile':
      return { url: `https://profiles.example.net/in/${person}-${serial}`, type };
    case 'blog':
      return { url: `https://${person}.blog.example.org/`, type };
    case 'home':
      return { url: `https://www.${person}.example.net/`, type };
    case 'work':
      return owner.company === undefined
        ? { url: `https://www.example.com/people/${person}`, type }
        : { url: `https://www.${hostLabel(owner.company)}.example.com/team/${person}`, type };
    case 'other':
      return { url: `http://example.org/~${person}`, type };
  }
}
