import type { FastifyReply } from 'fastify';

/** The canonical google.rpc.Code names the emulator answers with, and their numbers for per-item statuses. */
const RPC_CODES = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export type RpcStatus = keyof typeof RPC_CODES;

/** The legacy v1 `errors[].reason` Google still sends beside each status. */
const LEGACY_REASONS: Record<RpcStatus, string> = {
  INVALID_ARGUMENT: 'badRequest',
  NOT_FOUND: 'notFound',
  PERMISSION_DENIED: 'forbidden',
  RESOURCE_EXHAUSTED: 'rateLimitExceeded',
  FAILED_PRECONDITION: 'failedPrecondition',
  INTERNAL: 'internalError',
  UNAVAILABLE: 'backendError',
  UNAUTHENTICATED: 'unauthorized',
};

export type ErrorDetail = { '@type': string } & Record<string, unknown>;

/** A People API failure, thrown by handlers and turned into Google's `{"error":{…}}` body in one place. */
export class GoogleApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: RpcStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body() {
    return {
      error: {
        code: this.httpStatus,
        message: this.message,
        status: this.status,
        ...(this.details.length > 0 ? { details: this.details } : {}),
        errors: [{ message: this.message, domain: 'global', reason: LEGACY_REASONS[this.status] }],
      },
    };
  }

  /** The same failure as a per-item `Status` inside a batch answer (rpc code, not HTTP status). */
  itemStatus() {
    return { code: RPC_CODES[this.status], message: this.message };
  }
}

export function sendGoogleError(reply: FastifyReply, error: GoogleApiError): FastifyReply {
  return reply.code(error.httpStatus).headers(error.headers).send(error.body());
}

export function invalidArgument(
  message = 'Request contains an invalid argument.',
  details: ErrorDetail[] = [],
) {
  return new GoogleApiError(400, 'INVALID_ARGUMENT', message, details);
}

/** A `google.rpc.BadRequest` naming the offending request field, as Google adds to mask errors. */
export function badRequestField(field: string, description: string): ErrorDetail {
  return {
    '@type': 'type.googleapis.com/google.rpc.BadRequest',
    fieldViolations: [{ field, description }],
  };
}

export function notFound(message = 'Requested entity was not found.') {
  return new GoogleApiError(404, 'NOT_FOUND', message);
}

export function failedPrecondition(message: string, details: ErrorDetail[] = []) {
  return new GoogleApiError(400, 'FAILED_PRECONDITION', message, details);
}

export function unauthenticated() {
  return new GoogleApiError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [],
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
  );
}

export function insufficientScope() {
  return new GoogleApiError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [], {
    'www-authenticate':
      'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/contacts"',
  });
}

export function unavailable() {
  return new GoogleApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
}

export const EXPIRED_SYNC_TOKEN_MESSAGE =
  'Sync token is expired. Clear local cache and retry call without the sync token.';

export function expiredSyncToken() {
  return failedPrecondition(EXPIRED_SYNC_TOKEN_MESSAGE, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'EXPIRED_SYNC_TOKEN',
      domain: 'people.googleapis.com',
    },
  ]);
}

export const ETAG_MISMATCH_MESSAGE =
  'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.';
