import { createHash } from 'node:crypto';
import { expiredSyncToken, invalidArgument } from './errors.ts';
import type { ListKey } from './listing-order.ts';
import type { PersonAccount } from './person-store.ts';

/**
 * Page and sync tokens are opaque to clients; here they are unsigned base64url JSON that binds
 * the account, the request parameters and, for sync tokens, the change-log position and issue time.
 */

interface TokenBase {
  /** Store generation: a reset makes older tokens unusable. */
  g: number;
  /** Hash of the account email, so a token used on another account is refused. */
  a: string;
  /** Hash of the bound request parameters. */
  p: string;
}

export interface SyncCursor extends TokenBase {
  /** Change-log position the next incremental sync starts after. */
  s: number;
  /** Issue time (ms, emulator clock). */
  t: number;
  /** Account cursor epoch at issue. */
  e: number;
}

export interface PageCursor extends TokenBase {
  /** Listing key of the last entry served; the next page starts after it. */
  k: ListKey;
  /** Full sync: the change-log position when its first page was served (its sync token). */
  s: number;
  /** Incremental sync: where it started, so later pages rebuild the same change set. */
  f?: number;
}

export function hashOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 16);
}

function encode(prefix: string, cursor: object): string {
  return `${prefix}${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`;
}

function decode(prefix: string, token: string): Record<string, unknown> | undefined {
  if (!token.startsWith(prefix)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const SYNC_PREFIX = 'EgY';
const PAGE_PREFIX = 'GgY';

export function issueSyncToken(cursor: SyncCursor): string {
  return encode(SYNC_PREFIX, cursor);
}

export function issuePageToken(cursor: PageCursor): string {
  return encode(PAGE_PREFIX, cursor);
}

export interface TokenContext {
  account: PersonAccount;
  generation: number;
  paramsHash: string;
  now: number;
  ttlMs: number;
}

/** A foreign, tampered or re-parameterised token is a plain INVALID_ARGUMENT, as Google answers. */
function checkBinding(cursor: Record<string, unknown>, context: TokenContext, paramsHash: string): void {
  if (cursor.a !== hashOf(context.account.email) || cursor.p !== paramsHash) throw invalidArgument();
}

export function readSyncToken(token: string, context: TokenContext): SyncCursor {
  const cursor = decode(SYNC_PREFIX, token);
  if (
    !cursor ||
    typeof cursor.s !== 'number' ||
    typeof cursor.t !== 'number' ||
    typeof cursor.e !== 'number'
  ) {
    throw invalidArgument();
  }
  if (cursor.a !== hashOf(context.account.email)) throw invalidArgument();
  const expired =
    cursor.g !== context.generation ||
    cursor.e < context.account.cursorEpoch ||
    context.now - cursor.t > context.ttlMs ||
    cursor.s > context.account.currentSeq;
  if (expired) throw expiredSyncToken();
  checkBinding(cursor, context, context.paramsHash);
  return cursor as unknown as SyncCursor;
}

export function readPageToken(token: string, context: TokenContext): PageCursor {
  const cursor = decode(PAGE_PREFIX, token);
  if (!cursor || !isListKey(cursor.k) || typeof cursor.s !== 'number' || cursor.g !== context.generation) {
    throw invalidArgument();
  }
  checkBinding(cursor, context, context.paramsHash);
  return cursor as unknown as PageCursor;
}

function isListKey(value: unknown): value is ListKey {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    (typeof value[0] === 'number' || typeof value[0] === 'string') &&
    typeof value[1] === 'string'
  );
}
