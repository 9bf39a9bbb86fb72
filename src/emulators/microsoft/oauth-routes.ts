import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redirectAfterConsent, renderConsentPage } from '../shared/consent-page.ts';
import type { AuthorizeRequest, GrantFailure, IssuedTokens } from '../shared/oauth-grants.ts';
import { type AadFailure, aad, sendAadError } from './aad-errors.ts';
import type { Mailbox } from './contact-store.ts';
import { type MicrosoftContext, originOf } from './context.ts';
import { IdTokenSigner } from './id-token.ts';
import { CONSUMER_TENANT_ID } from './ids.ts';
import { renderProfile } from './profile-routes.ts';

type Form = Record<string, string | undefined>;

const TENANT =
  /^(common|consumers|organizations|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9.-]+\.[a-z]{2,})$/i;

/**
 * The Microsoft identity platform v2.0 endpoints under `/{tenant}/`: discovery, keys, authorize
 * (consent page or immediate redirect), token (code with PKCE, refresh with rotation) and userinfo.
 */
export function registerOAuthRoutes(app: FastifyInstance, context: MicrosoftContext): void {
  const signer = new IdTokenSigner();
  const issuedAt = new Map<string, number>();

  app.get('/:tenant/v2.0/.well-known/openid-configuration', async (request, reply) => {
    const tenant = tenantOf(request);
    if (!tenant) return unknownTenant(reply);
    return discovery(originOf(request), tenant);
  });

  app.get('/:tenant/discovery/v2.0/keys', async () => signer.jwks());

  app.get('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
    const tenant = tenantOf(request);
    if (!tenant) return unknownTenant(reply);
    return authorize(request, reply, context, tenant);
  });

  app.post('/:tenant/oauth2/v2.0/consent', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const consent = context.core.grants.takeConsent(form.consent ?? '');
    if (!consent)
      return errorPage(reply, 400, 'AADSTS50058: The sign-in request has expired. Start again from the app.');
    if (form.decision !== 'allow')
      return redirectAfterConsent(reply, context.core.grants, consent, { allow: false });
    const email = (form.email ?? '').trim().toLowerCase();
    if (!email.includes('@'))
      return errorPage(reply, 400, 'Enter the e-mail address of the account to sign in as.');
    // Signing in as a new address makes its (empty) mailbox, so the offline demo needs no set-up.
    context.accounts.create(email);
    return redirectAfterConsent(reply, context.core.grants, consent, { allow: true, email });
  });

  app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const result = redeem(form, context, issuedAt);
    if ('failure' in result)
      return sendAadError(reply, result.failure, context.core.now(), originOf(request));
    if (result.tokens.refreshToken) issuedAt.set(result.tokens.refreshToken, context.core.now());
    return tokenResponse(result.tokens, form.client_id ?? '', originOf(request), context, signer);
  });

  app.get('/oidc/userinfo', async (request, reply) => {
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const grant = context.core.grants.verifyAccessToken(token);
    const mailbox = typeof grant === 'object' ? context.accounts.find(grant.email) : undefined;
    if (!mailbox) return reply.code(401).send({ error: 'invalid_token' });
    const profile = renderProfile(mailbox);
    return { sub: mailbox.profile.userId, name: profile.displayName, email: mailbox.profile.email };
  });
}

function tenantOf(request: FastifyRequest): string | undefined {
  const { tenant } = request.params as { tenant: string };
  return TENANT.test(tenant) ? tenant.toLowerCase() : undefined;
}

function unknownTenant(reply: FastifyReply) {
  return errorPage(reply, 400, "AADSTS90002: Tenant not found. Check the tenant in the request's URL.");
}

function discovery(origin: string, tenant: string) {
  const issuerTenant =
    tenant === 'consumers'
      ? CONSUMER_TENANT_ID
      : tenant === 'common' || tenant === 'organizations'
        ? '{tenantid}'
        : tenant;
  return {
    issuer: `${origin}/${issuerTenant}/v2.0`,
    authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'name',
      'preferred_username',
      'email',
      'oid',
      'tid',
      'ver',
    ],
    request_uri_parameter_supported: false,
    tenant_region_scope: null,
  };
}

function authorize(request: FastifyRequest, reply: FastifyReply, context: MicrosoftContext, tenant: string) {
  const q = request.query as Form;
  if (!q.client_id)
    return errorPage(
      reply,
      400,
      "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
    );
  if (!q.redirect_uri)
    return errorPage(
      reply,
      400,
      "AADSTS900144: The request body must contain the following parameter: 'redirect_uri'.",
    );
  const clientProblem = context.core.grants.checkClient(q.client_id, q.redirect_uri);
  if (clientProblem === 'invalid_client') {
    return errorPage(
      reply,
      400,
      `AADSTS700016: Application with identifier '${q.client_id}' was not found in the directory.`,
    );
  }
  if (clientProblem === 'invalid_redirect_uri') {
    return errorPage(
      reply,
      400,
      `AADSTS50011: The redirect URI '${q.redirect_uri}' does not match the redirect URIs configured for the application.`,
    );
  }
  // Past this point the redirect URI is trusted, so problems go back to the client as errors.
  const problem = authorizeProblem(q);
  if (problem) return redirectError(reply, q, problem.error, problem.description);
  const scope = q.scope ?? '';
  const consentRequest: AuthorizeRequest = {
    clientId: q.client_id,
    redirectUri: q.redirect_uri,
    scope,
    state: q.state,
    codeChallenge: q.code_challenge,
    codeChallengeMethod: q.code_challenge ? (q.code_challenge_method ?? 'plain') : undefined,
    loginHint: q.login_hint,
    offline: scope.split(/\s+/).includes('offline_access'),
  };
  const consent = context.core.grants.startConsent(consentRequest);
  const email = autoConsentEmail(context, q.login_hint);
  if (context.core.settings().autoConsent && email && q.prompt !== 'login' && q.prompt !== 'consent') {
    context.core.grants.takeConsent(consent.id);
    context.accounts.create(email);
    return redirectAfterConsent(reply, context.core.grants, consent, { allow: true, email });
  }
  if (q.prompt === 'none') {
    context.core.grants.takeConsent(consent.id);
    return redirectError(
      reply,
      q,
      'interaction_required',
      'AADSTS65001: The user or administrator has not consented to use the application.',
    );
  }
  const html = renderConsentPage({
    providerName: 'Demo Microsoft',
    consent,
    actionPath: `/${tenant}/oauth2/v2.0/consent`,
    knownAccounts: context.accounts.emails(),
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

function authorizeProblem(q: Form): { error: string; description: string } | undefined {
  if (q.response_type !== 'code') {
    return { error: 'unsupported_response_type', description: 'AADSTS700054: response_type must be code.' };
  }
  if (q.response_mode && q.response_mode !== 'query') {
    return { error: 'invalid_request', description: 'The emulator answers with response_mode=query only.' };
  }
  if (!q.scope)
    return {
      error: 'invalid_request',
      description: "AADSTS900144: The request must contain the parameter 'scope'.",
    };
  if (q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) {
    return { error: 'invalid_request', description: 'AADSTS501491: Invalid code_challenge_method.' };
  }
  return undefined;
}

function autoConsentEmail(context: MicrosoftContext, loginHint: string | undefined): string | undefined {
  return loginHint?.trim().toLowerCase() || context.accounts.emails()[0];
}

function redirectError(reply: FastifyReply, q: Form, error: string, description: string) {
  const target = new URL(q.redirect_uri ?? '');
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (q.state !== undefined) target.searchParams.set('state', q.state);
  return reply.redirect(target.toString(), 302);
}

function errorPage(reply: FastifyReply, status: number, message: string) {
  const safe = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in error (demo)</title></head><body><main><h1>Sorry, but we're having trouble signing you in.</h1><p>${safe}</p></main></body></html>`,
    );
}

type Redeemed = { tokens: IssuedTokens } | { failure: AadFailure };

function redeem(form: Form, context: MicrosoftContext, issuedAt: Map<string, number>): Redeemed {
  if (!form.grant_type) return { failure: aad.missing('grant_type') };
  if (!form.client_id) return { failure: aad.missing('client_id') };
  const clientFailure = checkClientSecret(context, form.client_id, form.client_secret);
  if (clientFailure) return { failure: clientFailure };
  if (form.grant_type === 'authorization_code') return redeemCode(form, context);
  if (form.grant_type === 'refresh_token') return redeemRefresh(form, context, issuedAt);
  return { failure: aad.unsupportedGrant(form.grant_type) };
}

/** Confidential clients must send their secret; public ones (no secret registered) must not. */
function checkClientSecret(
  context: MicrosoftContext,
  clientId: string,
  secret: string | undefined,
): AadFailure | undefined {
  const clients = context.core.settings().clients;
  if (clients === null) return undefined;
  const client = clients.find((c) => c.clientId === clientId);
  if (!client) return aad.unknownClient(clientId);
  if (client.clientSecret === undefined) return secret === undefined ? undefined : aad.publicClientSecret();
  if (secret === undefined) return aad.missingSecret();
  return secret === client.clientSecret ? undefined : aad.badSecret();
}

function redeemCode(form: Form, context: MicrosoftContext): Redeemed {
  if (!form.code) return { failure: aad.missing('code') };
  const result = context.core.grants.exchangeCode({
    code: form.code,
    clientId: form.client_id ?? '',
    redirectUri: form.redirect_uri,
    codeVerifier: form.code_verifier,
  });
  return result.ok ? { tokens: result.value } : { failure: grantFailure(result.failure) };
}

function redeemRefresh(form: Form, context: MicrosoftContext, issuedAt: Map<string, number>): Redeemed {
  if (!form.refresh_token) return { failure: aad.missing('refresh_token') };
  const issued = issuedAt.get(form.refresh_token);
  const lifetimeMs = context.core.settings().refreshTokenLifetimeSeconds * 1000;
  if (issued !== undefined && context.core.now() - issued > lifetimeMs) {
    return {
      failure: aad.invalidGrant(
        700082,
        'The refresh token has expired due to inactivity. The token was issued on a date more than 90 days ago and was inactive.',
      ),
    };
  }
  const result = context.core.grants.refreshTokens(form.refresh_token, form.client_id ?? '', true);
  return result.ok ? { tokens: result.value } : { failure: grantFailure(result.failure) };
}

const GRANT_FAILURES: Record<GrantFailure, AadFailure> = {
  invalid_client: aad.invalidGrant(700016, 'The application was not found in the directory.'),
  invalid_redirect_uri: aad.invalidGrant(
    50011,
    'The redirect URI does not match the one configured for the application.',
  ),
  invalid_code: aad.invalidGrant(70000, "The provided value for the 'code' parameter is not valid."),
  code_reused: aad.invalidGrant(
    54005,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  ),
  code_expired: aad.invalidGrant(
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  ),
  pkce_mismatch: aad.invalidGrant(
    501481,
    'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  ),
  redirect_mismatch: aad.invalidGrant(
    70000,
    "The provided value for the 'redirect_uri' is not valid. It must match the one used to obtain the code.",
  ),
  client_mismatch: aad.invalidGrant(70000, 'The code or token was issued to a different client.'),
  invalid_refresh_token: aad.invalidGrant(
    70000,
    "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid.",
  ),
  revoked: aad.invalidGrant(
    50173,
    'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
  ),
};

function grantFailure(failure: GrantFailure): AadFailure {
  return GRANT_FAILURES[failure];
}

function tokenResponse(
  tokens: IssuedTokens,
  clientId: string,
  origin: string,
  context: MicrosoftContext,
  signer: IdTokenSigner,
) {
  const scopes = tokens.scope.split(/\s+/).filter(Boolean);
  const mailbox = context.accounts.find(tokens.email);
  const idToken =
    scopes.includes('openid') && mailbox
      ? signer.sign(idClaims(mailbox, clientId, origin, context, scopes))
      : undefined;
  return {
    token_type: 'Bearer',
    scope: scopes.filter((s) => s !== 'offline_access').join(' '),
    expires_in: tokens.expiresIn,
    ext_expires_in: tokens.expiresIn,
    access_token: tokens.accessToken,
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    ...(idToken ? { id_token: idToken } : {}),
  };
}

function idClaims(
  mailbox: Mailbox,
  clientId: string,
  origin: string,
  context: MicrosoftContext,
  scopes: string[],
) {
  const now = Math.floor(context.core.now() / 1000);
  const tid = context.accounts.tenantOf(mailbox);
  return {
    aud: clientId,
    iss: `${origin}/${tid}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: mailbox.profile.displayName,
    preferred_username: mailbox.profile.email,
    ...(scopes.includes('email') ? { email: mailbox.profile.email } : {}),
    oid: mailbox.profile.userId,
    sub: mailbox.profile.userId,
    tid,
    ver: '2.0',
  };
}
