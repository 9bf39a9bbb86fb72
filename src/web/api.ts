/** The JSON API as the browser sees it: one fetch wrapper, the error shape, and the types it answers. */

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Cookie-authenticated writes must echo the session's token; login and session answers carry it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Reads an error body of any shape into an ApiError, so callers only ever see one kind. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    const message = typeof error.message === 'string' ? error.message : 'The request failed.';
    return new ApiError(status, error.code, message, details);
  }
  return new ApiError(status, 'http_error', `The server answered ${status}.`);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'The server cannot be reached. Check your connection and try again.',
    );
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

// ---- types the API answers (mirrors src/contacts/model.ts and src/sync/*) ----

export {
  ADDRESS_LABELS,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  type ContactStatus,
  type ContactType,
  EMAIL_LABELS,
  PHONE_LABELS,
  WEBSITE_LABELS,
} from '../contacts/vocabulary.ts';

import type { ContactStatus, ContactType } from '../contacts/vocabulary.ts';
import type { HistoryAction, HistorySide } from '../sync/history-vocabulary.ts';

export interface User {
  id: string;
  email: string;
}

export interface Session {
  user: User;
  csrfToken: string | null;
}

export interface Birthday {
  year?: number | null;
  month: number;
  day: number;
}

export interface Address {
  label: string;
  street: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface SyncView {
  state: 'linked' | 'pending' | 'not-synced';
  provider: string | null;
  remoteId: string | null;
}

export interface Contact {
  id: string;
  version: number;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  birthday: Birthday | null;
  emails: { address: string; label: string }[];
  phones: { number: string; label: string }[];
  addresses: Address[];
  websites: { url: string; label: string }[];
  notes: string | null;
  tags: string[];
  type: ContactType;
  status: ContactStatus;
  createdAt: string;
  updatedAt: string;
  /** Absent when the sync does not run in the server process. */
  sync?: SyncView;
}

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
}

export type AddToSyncOutcome =
  | 'added'
  | 'linked-to-existing'
  | 'already-synced'
  | 'over-limit'
  | 'not-syncable';

export interface AddToSyncResult {
  contactId: string;
  outcome: AddToSyncOutcome;
  reason?: string;
  existingContactId?: string;
}

export interface HistoryEntry {
  id: string;
  at: string;
  side: HistorySide;
  field: string | null;
  action: HistoryAction;
  oldValue: unknown;
  newValue: unknown;
  restorable: boolean;
  restoredAt: string | null;
}

export interface ImportRow {
  row: number;
  outcome: 'created' | 'flagged-duplicate' | 'skipped';
  label?: string;
  contactId?: string;
  reason?: { code: string; message: string; details?: ErrorDetail[] };
  likelyDuplicateOf?: { contactId: string } | { row: number };
  unmatchable?: true;
}

export interface ImportReport {
  id: string;
  fileName: string;
  format: string;
  duplicates: 'flag' | 'skip';
  counts: { rows: number; created: number; flaggedDuplicate: number; skipped: number; unmatchable: number };
  rows: ImportRow[];
  createdAt: string;
}

export type Provider = 'google' | 'microsoft';

export type ConnectionState =
  | 'initializing'
  | 'running'
  | 'paused'
  | 'needs-reauthorization'
  | 'throttled'
  | 'error';

export interface Connection {
  provider: Provider;
  accountEmail: string;
  status: ConnectionState;
  pausedReason: string | null;
  demo: boolean;
  progress: { done: number; total: number };
  syncedCount: number;
  skippedOverLimit: number;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  throttledUntil: string | null;
  lastError: { message: string; at: string; nextRetryAt?: string } | null;
}

export interface LegacyIntegration {
  id: string;
  kind: string;
  name: string;
}

export interface ProviderAvailability {
  provider: Provider;
  available: boolean;
  demo: boolean;
  reason?: 'not-configured' | 'not-supported-yet';
}

/** GET /api/sync: everything the Contact Sync tab shows. */
export interface SyncOverview {
  connection: Connection | null;
  legacyIntegrations: LegacyIntegration[];
  providers: ProviderAvailability[];
}
