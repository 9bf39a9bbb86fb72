import type { AccessTokenSource } from '../provider.ts';
import { classifyAnswer, networkError, readFailedAnswer } from './errors.ts';
import type {
  BatchCreateResponse,
  BatchGetResponse,
  BatchUpdateResponse,
  ListConnectionsResponse,
  Person,
} from './people-types.ts';
import { MAX_PAGE_SIZE, PERSON_FIELDS } from './person-mask.ts';

export interface PeopleClientOptions {
  /** Origin of the People API, e.g. https://people.googleapis.com, without a path. */
  apiBaseUrl: string;
  accessToken: AccessTokenSource;
  fetch: typeof fetch;
}

type Query = Record<string, string | string[] | undefined>;

/**
 * A thin client over the People API v1 endpoints the sync uses. Every call answers the parsed
 * JSON or throws a classified ProviderError. Calls are queued and sent one at a time: Google asks
 * for the mutations of one user to be sequential (google-people.md §3), and reads are kept in the
 * same line so that no caller can break that by accident.
 */
export class PeopleClient {
  private readonly baseUrl: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PeopleClientOptions) {
    this.baseUrl = options.apiBaseUrl.replace(/\/+$/, '');
  }

  listConnections(page: { syncToken: string | null; pageToken: string | null }) {
    // Every parameter but pageToken must stay identical across the pages of a listing and the
    // listings that follow a sync token (§2): they are all fixed here.
    return this.request<ListConnectionsResponse>('GET', '/v1/people/me/connections', {
      personFields: PERSON_FIELDS,
      pageSize: String(MAX_PAGE_SIZE),
      requestSyncToken: 'true',
      syncToken: page.syncToken ?? undefined,
      pageToken: page.pageToken ?? undefined,
    });
  }

  batchGet(resourceNames: string[]) {
    return this.request<BatchGetResponse>('GET', '/v1/people:batchGet', {
      resourceNames,
      personFields: PERSON_FIELDS,
    });
  }

  profile() {
    return this.request<Person>('GET', '/v1/people/me', { personFields: 'emailAddresses' });
  }

  createContact(person: Person) {
    return this.request<Person>('POST', '/v1/people:createContact', { personFields: PERSON_FIELDS }, person);
  }

  batchCreateContacts(people: Person[]) {
    return this.request<BatchCreateResponse>(
      'POST',
      '/v1/people:batchCreateContacts',
      {},
      {
        contacts: people.map((contactPerson) => ({ contactPerson })),
        readMask: PERSON_FIELDS,
      },
    );
  }

  updateContact(resourceName: string, person: Person, updatePersonFields: string[]) {
    const path = `/v1/${resourcePath(resourceName)}:updateContact`;
    const query = { updatePersonFields: updatePersonFields.join(','), personFields: PERSON_FIELDS };
    return this.request<Person>('PATCH', path, query, person);
  }

  batchUpdateContacts(contacts: Record<string, Person>, updateMask: string[]) {
    return this.request<BatchUpdateResponse>(
      'POST',
      '/v1/people:batchUpdateContacts',
      {},
      {
        contacts,
        updateMask: updateMask.join(','),
        readMask: PERSON_FIELDS,
      },
    );
  }

  private request<T>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}${queryString(query)}`;
    const task = () => this.send<T>(method, url, body);
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async send<T>(method: string, url: string, body: unknown): Promise<T> {
    let response = await this.attempt(method, url, body, await this.options.accessToken());
    if (response.status === 401) {
      // An access token can die before its expiry time (revoked, password changed): one more try
      // with a fresh one. The token source throws auth-revoked itself when it cannot refresh.
      await response.body?.cancel();
      response = await this.attempt(
        method,
        url,
        body,
        await this.options.accessToken({ forceRefresh: true }),
      );
    }
    return parseAnswer<T>(response);
  }

  private async attempt(method: string, url: string, body: unknown, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.options.fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error: unknown) {
      throw networkError(error);
    }
  }
}

async function parseAnswer<T>(response: Response): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error: unknown) {
    throw networkError(error);
  }
  const json = parseJson(text);
  if (!response.ok) throw classifyAnswer(readFailedAnswer(response.status, response.headers, json));
  if (json === undefined) throw networkError(new Error(`HTTP ${response.status} with an unreadable body`));
  return json as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** `people/c123` as a path: the slash stays, anything else unusual is escaped. */
function resourcePath(resourceName: string): string {
  return resourceName.split('/').map(encodeURIComponent).join('/');
}
