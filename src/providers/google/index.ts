import type { AccessTokenSource, ProviderConnector } from '../provider.ts';
import { accountEmail, getContacts, listPage } from './contact-reads.ts';
import { createContacts, updateContacts } from './contact-writes.ts';
import type { GoogleSession } from './google-session.ts';
import { PeopleClient } from './people-client.ts';
import { PersonCache } from './person-cache.ts';
import { PERSON_FIELDS } from './person-mask.ts';

export { CONTACT_SYNC_ID_KEY, PERSON_FIELDS } from './person-mask.ts';

export interface GoogleConnectorOptions {
  /** Origin of the People API: https://people.googleapis.com, or an emulator's origin. */
  apiBaseUrl: string;
  /** A valid access token; throws ProviderError('auth-revoked') itself when it cannot refresh. */
  accessToken: AccessTokenSource;
  /** Injected HTTP; the global fetch by default. */
  fetch?: typeof fetch;
  /** Default region (ISO 3166-1 alpha-2, e.g. 'US') for phone numbers written without a country code. */
  region?: string;
}

export type GoogleConnector = ProviderConnector & {
  /** The fixed personFields mask every read uses (sync tokens are bound to it). */
  readonly personFields: string;
};

/** How many contacts, as last read, are kept for merging updates without reading them again. */
const CACHED_PEOPLE = 5_000;

/** The Google Contacts connector: People API v1 in synced fields and classified errors. */
export function createGoogleConnector(options: GoogleConnectorOptions): GoogleConnector {
  const session: GoogleSession = {
    client: new PeopleClient({
      apiBaseUrl: options.apiBaseUrl,
      accessToken: options.accessToken,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    }),
    cache: new PersonCache(CACHED_PEOPLE),
    writeOptions: { region: options.region },
  };
  return {
    provider: 'google',
    personFields: PERSON_FIELDS,
    listPage: (cursor, pageToken) => listPage(session, cursor, pageToken),
    getContacts: (remoteIds) => getContacts(session, remoteIds),
    createContacts: (writes) => createContacts(session, writes),
    updateContacts: (updates) => updateContacts(session, updates),
    accountEmail: () => accountEmail(session),
  };
}
