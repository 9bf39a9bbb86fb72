import type { FastifyReply } from 'fastify';
import type { GrantFailure } from '../shared/oauth-grants.ts';

/** Google's token-endpoint errors use the RFC 6749 shape, not the API's `{"error":{…}}` envelope. */
export function sendOAuthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

const REVOKED = 'Token has been expired or revoked.';

/** How Google's token endpoint words each failure of a code or refresh-token grant. */
export const GRANT_FAILURES: Record<GrantFailure, { status: number; error: string; description: string }> = {
  invalid_client: { status: 401, error: 'invalid_client', description: 'The OAuth client was not found.' },
  invalid_redirect_uri: { status: 400, error: 'redirect_uri_mismatch', description: 'Bad Request' },
  invalid_code: { status: 400, error: 'invalid_grant', description: 'Malformed auth code.' },
  code_reused: { status: 400, error: 'invalid_grant', description: 'Bad Request' },
  code_expired: { status: 400, error: 'invalid_grant', description: 'Bad Request' },
  pkce_mismatch: { status: 400, error: 'invalid_grant', description: 'Invalid code verifier.' },
  redirect_mismatch: { status: 400, error: 'redirect_uri_mismatch', description: 'Bad Request' },
  client_mismatch: { status: 401, error: 'unauthorized_client', description: 'Unauthorized' },
  invalid_refresh_token: { status: 400, error: 'invalid_grant', description: REVOKED },
  revoked: { status: 400, error: 'invalid_grant', description: REVOKED },
};

/** Errors Google shows on its own page instead of redirecting: the client or redirect URI is not trusted. */
export function authorizeErrorPage(reply: FastifyReply, status: number, error: string, detail: string) {
  const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error ${status}: ${escapeHtml(error)}</title></head>` +
        `<body><main><h1>Access blocked (demo Google)</h1><p>Error ${status}: ${escapeHtml(error)}</p><p>${escapeHtml(detail)}</p></main></body></html>`,
    );
}
