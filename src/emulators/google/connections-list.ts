import type { Caller } from './api-auth.ts';
import type { GoogleContext } from './context.ts';
import { invalidArgument } from './errors.ts';
import { indexAfter, keyOf, type ListKey, type ListOrder } from './listing-order.ts';
import { requireReadMask } from './person-fields.ts';
import { personJson, tombstoneJson } from './person-render.ts';
import {
  isTombstone,
  type PersonAccount,
  type SortOrder,
  type StoredPerson,
  type Tombstone,
} from './person-store.ts';
import { booleanParam, enumParam, one, personFieldsParam, type Query, readSources } from './query-params.ts';
import { COSTS } from './quotas.ts';
import {
  hashOf,
  issuePageToken,
  issueSyncToken,
  type PageCursor,
  readPageToken,
  readSyncToken,
  type TokenContext,
} from './sync-tokens.ts';

const SORT_ORDERS: readonly SortOrder[] = [
  'LAST_MODIFIED_ASCENDING',
  'LAST_MODIFIED_DESCENDING',
  'FIRST_NAME_ASCENDING',
  'LAST_NAME_ASCENDING',
];

interface ListRequest {
  mask: Set<string>;
  pageSize: number;
  sortOrder: SortOrder;
  requestSyncToken: boolean;
  syncToken: string | undefined;
  pageToken: string | undefined;
  /** What a sync token is bound to: the mask, sources and sort order. */
  syncBinding: string;
  /** What a page token is bound to: every parameter but the page token. */
  pageBinding: string;
}

function parsePageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '0') return 100;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 0 || size > 1000) {
    throw invalidArgument('pageSize must be between 1 and 1000, inclusive.');
  }
  return size;
}

function parseListRequest(query: Query): ListRequest {
  const mask = requireReadMask(personFieldsParam(query));
  const pageSize = parsePageSize(one(query, 'pageSize'));
  const sortOrder = enumParam(query, 'sortOrder', SORT_ORDERS) ?? 'LAST_MODIFIED_ASCENDING';
  const requestSyncToken = booleanParam(query, 'requestSyncToken');
  const syncToken = one(query, 'syncToken') || undefined;
  const syncBinding = JSON.stringify([[...mask].sort(), readSources(query), sortOrder]);
  const pageBinding = JSON.stringify([syncBinding, pageSize, requestSyncToken, syncToken ?? '']);
  return {
    mask,
    pageSize,
    sortOrder,
    requestSyncToken,
    syncToken,
    pageToken: one(query, 'pageToken') || undefined,
    syncBinding,
    pageBinding,
  };
}

/** Where a listing stands: the ordered entries it pages through and what its sync token will hold. */
interface Listing {
  entries: (StoredPerson | Tombstone)[];
  order: ListOrder;
  /** The key of the last entry already served; undefined on a first page. */
  after: ListKey | undefined;
  /** Change-log position the next sync token starts after. */
  watermark: number;
  /** Set on incremental syncs: where the change set started. */
  from?: number;
}

/**
 * `GET /v1/people/me/connections`: full listing, paging, and incremental sync with sync tokens.
 * Answers serialized JSON, assembled from the persons' stored strings.
 */
export function listConnections(context: GoogleContext, caller: Caller, query: Query) {
  const request = parseListRequest(query);
  const { account } = caller;
  const isFirstFullPage = !request.pageToken && !request.syncToken;
  context.quotas.charge(
    account.email,
    isFirstFullPage ? COSTS.fullSyncFirstPage : COSTS.read,
    caller.clientId,
  );

  const tokens = tokenContext(context, account);
  const listing = request.pageToken
    ? resumeListing(
        context,
        account,
        request,
        readPageToken(request.pageToken, { ...tokens, paramsHash: hashOf(request.pageBinding) }),
      )
    : startListing(context, account, request, tokens);

  return listingPage(context, account, request, listing);
}

function tokenContext(context: GoogleContext, account: PersonAccount): Omit<TokenContext, 'paramsHash'> {
  return {
    account,
    generation: context.store.generation,
    now: context.core.now(),
    ttlMs: context.core.settings().syncTokenTtlSeconds * 1000,
  };
}

function startListing(
  context: GoogleContext,
  account: PersonAccount,
  request: ListRequest,
  tokens: Omit<TokenContext, 'paramsHash'>,
): Listing {
  if (!request.syncToken) {
    const order = request.sortOrder;
    return { entries: account.ordered(order), order, after: undefined, watermark: account.currentSeq };
  }
  const cursor = readSyncToken(request.syncToken, { ...tokens, paramsHash: hashOf(request.syncBinding) });
  const changes = account.changesSince(cursor.s, context.core.settings().propagationDelayMs);
  return {
    entries: changes.entries,
    order: 'CHANGE_ORDER',
    after: undefined,
    watermark: changes.watermark,
    from: cursor.s,
  };
}

/**
 * A later page. An incremental sync rebuilds its change set and keeps what its first page could
 * have seen (nothing changed after its watermark: that goes to the next sync).
 */
function resumeListing(
  context: GoogleContext,
  account: PersonAccount,
  request: ListRequest,
  cursor: PageCursor,
): Listing {
  const after = cursor.k;
  if (cursor.f === undefined) {
    const order = request.sortOrder;
    return { entries: account.ordered(order), order, after, watermark: cursor.s };
  }
  const changes = account.changesSince(cursor.f, context.core.settings().propagationDelayMs);
  const entries = changes.entries.filter((entry) => entry.seq <= cursor.s);
  return { entries, order: 'CHANGE_ORDER', after, watermark: cursor.s, from: cursor.f };
}

function listingPage(
  context: GoogleContext,
  account: PersonAccount,
  request: ListRequest,
  listing: Listing,
): string {
  const start = indexAfter(listing.entries, listing.order, listing.after);
  const page = listing.entries.slice(start, start + request.pageSize);
  const sync = listing.from !== undefined;
  const connections = page.map((entry) =>
    isTombstone(entry) ? tombstoneJson(entry) : personJson(entry, request.mask, { inList: true, sync }),
  );
  const last = page.at(-1);
  const more = start + request.pageSize < listing.entries.length && last !== undefined;
  const rest = JSON.stringify({
    ...(more ? { nextPageToken: pageToken(context, account, request, listing, last) } : {}),
    ...(!more && request.requestSyncToken
      ? { nextSyncToken: syncToken(context, account, request, listing) }
      : {}),
    totalPeople: listing.entries.length,
    totalItems: listing.entries.length,
  });
  return connections.length > 0 ? `{"connections":[${connections.join(',')}],${rest.slice(1)}` : rest;
}

function pageToken(
  context: GoogleContext,
  account: PersonAccount,
  request: ListRequest,
  listing: Listing,
  last: StoredPerson | Tombstone,
): string {
  return issuePageToken({
    g: context.store.generation,
    a: hashOf(account.email),
    p: hashOf(request.pageBinding),
    k: keyOf(last, listing.order),
    s: listing.watermark,
    ...(listing.from !== undefined ? { f: listing.from } : {}),
  });
}

/** Only the last page carries the sync token, and only when the request asked for one. */
function syncToken(
  context: GoogleContext,
  account: PersonAccount,
  request: ListRequest,
  listing: Listing,
): string {
  return issueSyncToken({
    g: context.store.generation,
    a: hashOf(account.email),
    p: hashOf(request.syncBinding),
    s: listing.watermark,
    t: context.core.now(),
    e: account.cursorEpoch,
  });
}
