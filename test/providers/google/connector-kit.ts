import { createGoogleConnector, type GoogleConnector } from '../../../src/providers/google/index.ts';
import type { AccessTokenSource, RemoteContact } from '../../../src/providers/provider.ts';
import type { SyncedFields } from '../../../src/sync/synced-fields.ts';
import { contactsPath, type GoogleKit } from '../../emulators/google/google-test-kit.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  body: unknown;
}

/** Passes requests to the real fetch and records them, so tests can read what the connector sent. */
export function recordingFetch(requests: RecordedRequest[], next: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method: init?.method ?? 'GET', url, body });
    return next(input, init);
  };
}

export interface ConnectorUnderTest {
  connector: GoogleConnector;
  requests: RecordedRequest[];
}

export async function connectorFor(
  kit: GoogleKit,
  email: string,
  options: { accessToken?: AccessTokenSource; fetch?: typeof fetch } = {},
): Promise<ConnectorUnderTest> {
  const token = await kit.signIn(email);
  const requests: RecordedRequest[] = [];
  const connector = createGoogleConnector({
    apiBaseUrl: kit.url,
    accessToken: options.accessToken ?? (async () => token),
    fetch: recordingFetch(requests, options.fetch),
    region: 'US',
  });
  return { connector, requests };
}

/** Pages through one listing the way the engine does. */
export async function listAll(connector: GoogleConnector, cursor: string | null = null) {
  const contacts: RemoteContact[] = [];
  let pageToken: string | null = null;
  let pages = 0;
  let nextCursor: string | null = null;
  do {
    const page = await connector.listPage(cursor, pageToken);
    pages += 1;
    contacts.push(...page.contacts);
    pageToken = page.nextPageToken;
    nextCursor = page.nextCursor;
  } while (pageToken);
  return { contacts, pages, cursor: nextCursor };
}

/** `/_control/requests` counters for one endpoint and status, e.g. "POST /v1/people::batchCreateContacts 200". */
export async function requestCount(kit: GoogleKit, key: string): Promise<number> {
  const answer = await kit.control<{ counters: Record<string, number> }>('GET', '/requests');
  return answer.body.counters[key] ?? 0;
}

export async function controlContacts(kit: GoogleKit, email: string) {
  const answer = await kit.control<{ contacts: Record<string, unknown>[] }>('GET', contactsPath(email));
  return answer.body.contacts;
}

export function fieldsOf(values: Partial<SyncedFields>): SyncedFields {
  return {
    firstName: null,
    lastName: null,
    company: null,
    jobTitle: null,
    birthday: null,
    homeAddress: null,
    phones: [],
    emails: [],
    websites: [],
    ...values,
  };
}
