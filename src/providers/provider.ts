import type { SyncedFields } from '../sync/synced-fields.ts';

export type ProviderName = 'google' | 'microsoft';

/**
 * The closed set of provider failures. Connectors translate their provider's error JSON into one
 * of these; nothing outside a connector reads a provider's error body.
 */
export type ProviderErrorKind =
  | 'temporary'
  | 'throttled'
  | 'auth-revoked'
  | 'missing-scope'
  | 'cursor-expired'
  | 'conflict'
  | 'not-found'
  | 'invalid-data';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: {
      /** From Retry-After (or the provider's equivalent), when it said how long to wait. */
      retryAfterMs?: number;
      status?: number;
      /** The provider's own code (e.g. EXPIRED_SYNC_TOKEN, AADSTS70000), for logs and history. */
      providerCode?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** A remote contact as the engine sees it: identity, version, the synced fields, our id if any. */
export interface RemoteContact {
  /** The provider's id, e.g. Google's "people/c123" or a Graph contact id. */
  remoteId: string;
  /** Ids this contact had before (Google previousResourceNames): links must be re-keyed. */
  previousRemoteIds: string[];
  etag: string;
  /** A deletion seen in an incremental listing: nothing else is set. */
  deleted: boolean;
  /** Null when deleted. */
  fields: SyncedFields | null;
  /** The CRM contact id this remote contact carries (Google clientData, Graph extended property). */
  crmContactId: string | null;
  /** When the remote side last changed it, if the provider says (conflict recency). */
  updatedAt: string | null;
}

/** One page of a listing: a full re-list (cursor null) or the changes since a cursor. */
export interface ListPage {
  contacts: RemoteContact[];
  /** Continue this listing with it; null on the last page. */
  nextPageToken: string | null;
  /** On the last page: the cursor for the next incremental listing. */
  nextCursor: string | null;
  /** How many contacts the whole listing holds, when the provider says (progress display). */
  totalItems?: number;
}

export interface ContactWrite {
  /** Our contact id, written into the remote contact at creation (crash-safe creates). */
  crmContactId: string;
  fields: SyncedFields;
}

export interface ContactUpdate {
  remoteId: string;
  /** The etag the engine last saw: the write is refused (conflict) when the remote moved on. */
  etag: string;
  fields: SyncedFields;
  /** Only these synced fields are sent; every other field of the remote contact stays as it is. */
  changed: (keyof SyncedFields)[];
}

export type WriteOutcome =
  | { ok: true; remoteId: string; etag: string; fields: SyncedFields }
  | { ok: false; error: ProviderError };

/**
 * A provider connector: a thin client over the provider's HTTP API that speaks in synced fields
 * and classified errors. Writes for one user are sent sequentially (Google's rule), in the
 * provider's batch form when there are many.
 */
export interface ProviderConnector {
  readonly provider: ProviderName;
  /** A page of a full listing (cursor null) or of the changes since `cursor`. */
  listPage(cursor: string | null, pageToken: string | null): Promise<ListPage>;
  /** Reads current versions (after a conflict). Missing ones are left out. */
  getContacts(remoteIds: string[]): Promise<RemoteContact[]>;
  createContacts(writes: ContactWrite[]): Promise<WriteOutcome[]>;
  updateContacts(updates: ContactUpdate[]): Promise<WriteOutcome[]>;
  /** The signed-in account's email address. */
  accountEmail(): Promise<string>;
}

/**
 * Supplies a valid access token, refreshing it when needed (or always, with `forceRefresh`, after
 * the provider refused one that looked valid); throws ProviderError('auth-revoked').
 */
export type AccessTokenSource = (options?: { forceRefresh?: boolean }) => Promise<string>;
