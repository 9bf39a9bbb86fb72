import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** A token-endpoint failure in the identity platform's shape: an OAuth error plus an AADSTS code. */
export interface AadFailure {
  status: 400 | 401;
  error: string;
  code: number;
  message: string;
}

/** AAD timestamps read `2026-07-27 12:15:35Z`. */
function aadTimestamp(now: number): string {
  return `${new Date(now).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function sendAadError(
  reply: FastifyReply,
  failure: AadFailure,
  now: number,
  origin: string,
): FastifyReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = aadTimestamp(now);
  return reply
    .code(failure.status)
    .type('application/json; charset=utf-8')
    .send({
      error: failure.error,
      error_description: `AADSTS${failure.code}: ${failure.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [failure.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${origin}/error?code=${failure.code}`,
    });
}

export const aad = {
  missing: (name: string): AadFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unknownClient: (clientId: string): AadFailure => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory.`,
  }),
  badSecret: (): AadFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message:
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
  }),
  missingSecret: (): AadFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  publicClientSecret: (): AadFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 700025,
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  }),
  unsupportedGrant: (grant: string): AadFailure => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  invalidGrant: (code: number, message: string): AadFailure => ({
    status: 400,
    error: 'invalid_grant',
    code,
    message,
  }),
};
