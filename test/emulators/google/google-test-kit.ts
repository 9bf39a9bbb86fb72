import { expect } from 'vitest';
import {
  type Exchange,
  loadConformanceChecker,
  type Violation,
} from '../../../src/emulators/conformance/index.ts';
import { type RunningGoogleEmulator, startGoogleEmulator } from '../../../src/emulators/google/index.ts';

/** Everything fields-wise a sync would ask for. */
export const SYNC_FIELDS =
  'names,emailAddresses,phoneNumbers,addresses,birthdays,organizations,urls,biographies,clientData,memberships,metadata';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A running emulator with a movable clock and the conformance violations of every exchange. */
export interface GoogleKit {
  emulator: RunningGoogleEmulator;
  url: string;
  clock: { ms: number; advance(seconds: number): void };
  violations: Violation[];
  skipped: string | undefined;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  api<T = Record<string, unknown>>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>>;
  /** Creates the account and returns an access token minted by the control API. */
  signIn(email: string, scope?: string): Promise<string>;
  close(): Promise<void>;
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  const body = (
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  ) as T;
  return { status: response.status, headers: response.headers, body };
}

function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  if (body === undefined) return { method, headers };
  return { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function startKit(): Promise<GoogleKit> {
  const checker = loadConformanceChecker();
  const violations: Violation[] = [];
  const onExchange = (exchange: Exchange) => {
    if ('check' in checker) violations.push(...checker.check(exchange));
  };
  const clock = {
    ms: Date.parse('2026-03-02T09:00:00Z'),
    advance(seconds: number) {
      clock.ms += seconds * 1000;
    },
  };
  const emulator = await startGoogleEmulator({ onExchange, now: () => clock.ms });
  const kit: GoogleKit = {
    emulator,
    url: emulator.url,
    clock,
    violations,
    skipped: 'skipped' in checker ? checker.skipped : undefined,
    control: async (method, path, body) =>
      answer(await fetch(`${emulator.url}/_control${path}`, jsonInit(method, body))),
    api: async (token, method, path, body) =>
      answer(
        await fetch(`${emulator.url}${path}`, jsonInit(method, body, { authorization: `Bearer ${token}` })),
      ),
    async signIn(email, scope) {
      await kit.control('POST', '/accounts', { email });
      const minted = await kit.control<{ access_token: string }>(
        'POST',
        `/accounts/${encodeURIComponent(email)}/tokens`,
        {
          ...(scope ? { scope } : {}),
        },
      );
      return minted.body.access_token;
    },
    close: () => emulator.close(),
  };
  return kit;
}

/** Every API exchange of the file must match the People API discovery document. */
export function expectConformance(kit: GoogleKit): void {
  if (kit.skipped) {
    console.info(kit.skipped);
    return;
  }
  expect(kit.violations).toEqual([]);
}

export function contactsPath(email: string, suffix = ''): string {
  return `/accounts/${encodeURIComponent(email)}/contacts${suffix}`;
}

export interface PersonJson {
  resourceName: string;
  etag: string;
  metadata?: { deleted?: boolean; previousResourceNames?: string[]; sources?: { etag?: string }[] };
  names?: { givenName?: string; familyName?: string; displayName?: string }[];
  emailAddresses?: { value: string; type?: string; formattedType?: string }[];
  phoneNumbers?: { value: string; type?: string; formattedType?: string }[];
  clientData?: { key: string; value: string }[];
  memberships?: { contactGroupMembership: { contactGroupResourceName: string } }[];
  biographies?: { value: string }[];
  birthdays?: { date: { year?: number; month: number; day: number } }[];
}

export interface ConnectionsPage {
  connections?: PersonJson[];
  nextPageToken?: string;
  nextSyncToken?: string;
  totalItems?: number;
}

/** Seeds contacts through the control API and returns their resource names. */
export async function seed(kit: GoogleKit, email: string, contacts: unknown[]): Promise<string[]> {
  const seeded = await kit.control<{ ids: string[] }>('POST', contactsPath(email), { contacts });
  expect(seeded.status).toBe(201);
  return seeded.body.ids.map((id) => `people/${id}`);
}

export function namedContacts(count: number, prefix = 'Person'): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    names: [{ givenName: `${prefix}${i}`, familyName: 'Test' }],
  }));
}
