import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedTokens } from '../shared/oauth-grants.ts';
import type { GoogleContext } from './context.ts';
import { jwks, signIdToken } from './id-token.ts';
import { GRANT_FAILURES, sendOAuthError } from './oauth-errors.ts';
import { originOf } from './oauth-routes.ts';

type Params = Record<string, string | undefined>;

interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/** client_secret_basic (the Authorization header) or client_secret_post (form fields). */
function clientCredentials(request: FastifyRequest, form: Params): ClientCredentials {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

/** Google's token, revocation, userinfo and key-set endpoints. */
export function registerTokenRoutes(app: FastifyInstance, context: GoogleContext): void {
  app.post('/token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const { clientId, clientSecret } = clientCredentials(request, form);
    if (!clientId)
      return sendOAuthError(reply, 400, 'invalid_request', 'Could not determine client ID from request.');
    if (context.core.grants.checkClient(clientId, undefined, clientSecret)) {
      return sendOAuthError(reply, 401, 'invalid_client', 'Unauthorized');
    }
    if (form.grant_type === 'authorization_code')
      return exchangeCode(context, request, reply, form, clientId);
    if (form.grant_type === 'refresh_token') return refresh(context, reply, form, clientId);
    return sendOAuthError(
      reply,
      400,
      'unsupported_grant_type',
      `Invalid grant_type: ${form.grant_type ?? ''}`,
    );
  });

  app.post('/revoke', async (request, reply) => {
    const form = { ...(request.query as Params), ...((request.body ?? {}) as Params) };
    const revoked = form.token ? revokeAndForget(context, form.token) : false;
    if (!revoked) return sendOAuthError(reply, 400, 'invalid_token', 'Token expired or revoked');
    return reply.code(200).send({});
  });

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const grant = context.core.grants.verifyAccessToken(
      header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined,
    );
    if (grant === 'missing' || grant === 'expired') {
      reply.header('www-authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return sendOAuthError(reply, 401, 'invalid_request', 'Invalid Credentials');
    }
    const account = context.store.account(grant.email) ?? context.store.createAccount(grant.email);
    return { sub: account.profileId, email: grant.email, email_verified: true };
  };
  app.get('/v1/userinfo', userinfo);
  app.get('/oauth2/v3/userinfo', userinfo);

  app.get('/oauth2/v3/certs', async () => jwks());
}

function exchangeCode(
  context: GoogleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: Params,
  clientId: string,
) {
  if (!form.code) return sendOAuthError(reply, 400, 'invalid_request', 'Missing required parameter: code');
  const result = context.core.grants.exchangeCode({
    code: form.code,
    clientId,
    redirectUri: form.redirect_uri,
    codeVerifier: form.code_verifier,
  });
  if (!result.ok) {
    const failure = GRANT_FAILURES[result.failure];
    return sendOAuthError(reply, failure.status, failure.error, failure.description);
  }
  return tokenResponse(context, result.value, clientId, originOf(request));
}

function refresh(context: GoogleContext, reply: FastifyReply, form: Params, clientId: string) {
  if (!form.refresh_token)
    return sendOAuthError(reply, 400, 'invalid_request', 'Missing required parameter: refresh_token');
  // Google keeps the refresh token: the answer carries only a new access token.
  const result = context.core.grants.refreshTokens(form.refresh_token, clientId, false);
  if (!result.ok) {
    const failure = GRANT_FAILURES[result.failure];
    return sendOAuthError(reply, failure.status, failure.error, failure.description);
  }
  return tokenResponse(context, result.value, clientId, undefined);
}

function tokenResponse(
  context: GoogleContext,
  issued: IssuedTokens,
  clientId: string,
  issuer: string | undefined,
) {
  const wantsIdToken = issuer !== undefined && issued.scope.split(/\s+/).includes('openid');
  const subject = context.store.account(issued.email)?.profileId ?? issued.email;
  return {
    access_token: issued.accessToken,
    expires_in: issued.expiresIn,
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    scope: issued.scope,
    token_type: 'Bearer',
    ...(wantsIdToken
      ? {
          id_token: signIdToken({
            issuer,
            clientId,
            subject,
            email: issued.email,
            nowMs: context.core.now(),
            ttlSeconds: issued.expiresIn,
          }),
        }
      : {}),
  };
}

/**
 * Revokes the token; Google then forgets the grant, so the next consent issues a refresh token
 * again. Only an access token tells whose grant it was (the shared grant store keeps refresh
 * tokens to itself), so after revoking a refresh token the consent stays remembered.
 */
function revokeAndForget(context: GoogleContext, token: string): boolean {
  const access = context.core.grants.verifyAccessToken(token);
  const revoked = context.core.grants.revokeToken(token);
  if (revoked && typeof access === 'object') context.consents.forget(access.email, access.clientId);
  return revoked;
}
