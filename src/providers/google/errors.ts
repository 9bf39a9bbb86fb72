import { ProviderError, type ProviderErrorKind } from '../provider.ts';
import type { ItemStatus } from './people-types.ts';

/**
 * The one place that reads Google's error JSON (`{"error":{code,message,status,details,errors}}`,
 * google-people.md §7) and turns it into the closed set of ProviderError kinds.
 */

interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string }[];
  errors?: { reason?: string }[];
}

/** What a failed answer said, reduced to what classification needs. */
export interface FailedAnswer {
  httpStatus: number;
  /** The canonical rpc status name, e.g. FAILED_PRECONDITION. */
  rpcStatus: string | undefined;
  message: string;
  /** ErrorInfo reasons and legacy `errors[].reason` values. */
  reasons: string[];
  retryAfterMs: number | undefined;
}

export function readFailedAnswer(httpStatus: number, headers: Headers, body: unknown): FailedAnswer {
  const error = errorOf(body);
  const reasons = [
    ...(error?.details ?? []).map((detail) => detail.reason),
    ...(error?.errors ?? []).map((item) => item.reason),
  ].filter((reason): reason is string => typeof reason === 'string');
  return {
    httpStatus,
    rpcStatus: error?.status,
    message: error?.message ?? `HTTP ${httpStatus}`,
    reasons,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), Date.now()),
  };
}

function errorOf(body: unknown): GoogleErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as GoogleErrorBody) : undefined;
}

/** Retry-After is either delta-seconds or an HTTP date; Google's 429s usually carry none. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function classifyAnswer(answer: FailedAnswer): ProviderError {
  const kind = kindOf(answer);
  const providerCode = answer.reasons[0] ?? answer.rpcStatus;
  return new ProviderError(kind, `Google People API: ${answer.message}`, {
    status: answer.httpStatus,
    ...(providerCode ? { providerCode } : {}),
    ...(kind === 'throttled' && answer.retryAfterMs !== undefined
      ? { retryAfterMs: answer.retryAfterMs }
      : {}),
  });
}

function kindOf(answer: FailedAnswer): ProviderErrorKind {
  const { httpStatus } = answer;
  if (isExpiredSyncToken(answer)) return 'cursor-expired';
  if (httpStatus === 401) return 'auth-revoked';
  // Insufficient scope is the documented 403; any other refusal also needs the user to grant access.
  if (httpStatus === 403) return isRateLimit(answer) ? 'throttled' : 'missing-scope';
  if (httpStatus === 429) return 'throttled';
  if (httpStatus === 404) return 'not-found';
  if (httpStatus === 408 || httpStatus >= 500) return 'temporary';
  if (isEtagMismatch(answer)) return 'conflict';
  return 'invalid-data';
}

/**
 * Google documents 410 for an expired sync token, but in practice answers 400 with ErrorInfo
 * EXPIRED_SYNC_TOKEN (google-people.md §2); all three signs are accepted.
 */
function isExpiredSyncToken(answer: FailedAnswer): boolean {
  return (
    answer.httpStatus === 410 ||
    answer.reasons.includes('EXPIRED_SYNC_TOKEN') ||
    answer.message.startsWith('Sync token is expired')
  );
}

/** "Request person.etag is different than the current person.etag…" (google-people.md §3, §7). */
function isEtagMismatch(answer: FailedAnswer): boolean {
  return answer.rpcStatus === 'FAILED_PRECONDITION' && /\betag\b/i.test(answer.message);
}

// Older Google APIs answer quota problems with 403 and a legacy reason instead of 429.
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

function isRateLimit(answer: FailedAnswer): boolean {
  return answer.reasons.some((reason) => RATE_LIMIT_REASONS.has(reason));
}

/** A request that got no answer at all: refused, reset or dropped connection, broken body. */
export function networkError(cause: unknown): ProviderError {
  if (cause instanceof ProviderError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ProviderError('temporary', `Google People API unreachable: ${detail}`);
}

/** google.rpc.Code numbers (per-item statuses in batch answers carry these, not HTTP codes). */
const HTTP_OF_RPC_CODE: Record<number, number> = {
  3: 400,
  4: 504,
  5: 404,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  13: 500,
  14: 503,
  16: 401,
};

const RPC_NAMES: Record<number, string> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** The error of one item of a batch answer; undefined when the item succeeded (code 0 or none). */
export function classifyItemStatus(status: ItemStatus | undefined): ProviderError | undefined {
  const code = status?.code ?? 0;
  if (code === 0) return undefined;
  return classifyAnswer({
    httpStatus: HTTP_OF_RPC_CODE[code] ?? 500,
    rpcStatus: RPC_NAMES[code],
    message: status?.message ?? `rpc code ${code}`,
    reasons: [],
    retryAfterMs: undefined,
  });
}
