import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redirectAfterConsent, renderConsentPage } from '../shared/consent-page.ts';
import type { AuthorizeRequest, PendingConsent } from '../shared/oauth-grants.ts';
import type { GoogleContext } from './context.ts';
import { authorizeErrorPage } from './oauth-errors.ts';

export const CONSENT_PATH = '/o/oauth2/v2/consent';

type Params = Record<string, string | undefined>;

/** The emulator's own origin: it is the issuer and serves every endpoint it advertises. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function discoveryDocument(origin: string) {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/o/oauth2/v2/auth`,
    token_endpoint: `${origin}/token`,
    userinfo_endpoint: `${origin}/v1/userinfo`,
    revocation_endpoint: `${origin}/revoke`,
    jwks_uri: `${origin}/oauth2/v3/certs`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'sub'],
    code_challenge_methods_supported: ['plain', 'S256'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  };
}

/** OIDC discovery, the authorization endpoint and the consent page's form target. */
export function registerAuthorizeRoutes(app: FastifyInstance, context: GoogleContext): void {
  app.get('/.well-known/openid-configuration', async (request) => discoveryDocument(originOf(request)));

  app.get('/o/oauth2/v2/auth', async (request, reply) => {
    const params = request.query as Params;
    const checked = checkAuthorizeRequest(context, params, reply);
    if ('sent' in checked) return checked.sent;
    const email = params.login_hint?.trim().toLowerCase();
    if (context.core.settings().autoConsent && email) {
      const consent = context.core.grants.startConsent(checked.request);
      context.core.grants.takeConsent(consent.id);
      return allow(context, reply, consent, email, params.prompt);
    }
    const consent = context.core.grants.startConsent(checked.request);
    context.consents.rememberPrompt(consent.id, params.prompt);
    const page = renderConsentPage({
      providerName: 'Demo Google',
      consent,
      actionPath: CONSENT_PATH,
      knownAccounts: context.store.emails(),
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.post(CONSENT_PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const consent = form.consent ? context.core.grants.takeConsent(form.consent) : undefined;
    if (!consent)
      return authorizeErrorPage(
        reply,
        400,
        'invalid_request',
        'This sign-in request has expired or was already used.',
      );
    const prompt = context.consents.takePrompt(consent.id);
    if (form.decision !== 'allow')
      return redirectAfterConsent(reply, context.core.grants, consent, { allow: false });
    const email = form.email?.trim().toLowerCase();
    if (!email?.includes('@'))
      return authorizeErrorPage(reply, 400, 'invalid_request', 'An account email is required.');
    return allow(context, reply, consent, email, prompt);
  });
}

function allow(
  context: GoogleContext,
  reply: FastifyReply,
  consent: PendingConsent,
  email: string,
  prompt: string | undefined,
) {
  // Signing in with an unknown address creates the demo account, as a first sign-in would.
  context.store.createAccount(email);
  const offline = context.consents.consent(email, consent.clientId, consent.offline, prompt);
  return redirectAfterConsent(reply, context.core.grants, { ...consent, offline }, { allow: true, email });
}

/**
 * Google's checks before it shows the consent screen. Problems with the client or its redirect URI
 * are shown on Google's own page (the redirect target is not trusted); others go back to the client.
 */
function checkAuthorizeRequest(
  context: GoogleContext,
  params: Params,
  reply: FastifyReply,
): { request: AuthorizeRequest } | { sent: FastifyReply } {
  const { client_id: clientId, redirect_uri: redirectUri } = params;
  if (!clientId)
    return {
      sent: authorizeErrorPage(reply, 400, 'invalid_request', 'Missing required parameter: client_id'),
    };
  if (!redirectUri)
    return {
      sent: authorizeErrorPage(reply, 400, 'invalid_request', 'Missing required parameter: redirect_uri'),
    };
  if (!URL.canParse(redirectUri))
    return {
      sent: authorizeErrorPage(reply, 400, 'invalid_request', 'Invalid parameter value for redirect_uri.'),
    };
  const failure = context.core.grants.checkClient(clientId, redirectUri);
  if (failure === 'invalid_client')
    return { sent: authorizeErrorPage(reply, 401, 'invalid_client', 'The OAuth client was not found.') };
  if (failure)
    return {
      sent: authorizeErrorPage(
        reply,
        400,
        'redirect_uri_mismatch',
        `The redirect URI ${redirectUri} is not registered for this client.`,
      ),
    };
  if (!params.scope)
    return { sent: authorizeErrorPage(reply, 400, 'invalid_request', 'Missing required parameter: scope') };
  const method = params.code_challenge_method;
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return {
      sent: authorizeErrorPage(reply, 400, 'invalid_request', 'Invalid code_challenge_method value.'),
    };
  }
  if (params.response_type !== 'code') {
    return { sent: redirectWithError(reply, redirectUri, params.state, 'unsupported_response_type') };
  }
  return {
    request: {
      clientId,
      redirectUri,
      scope: params.scope,
      state: params.state,
      codeChallenge: params.code_challenge,
      codeChallengeMethod: params.code_challenge ? (method ?? 'plain') : undefined,
      loginHint: params.login_hint,
      offline: params.access_type === 'offline',
    },
  };
}

function redirectWithError(
  reply: FastifyReply,
  redirectUri: string,
  state: string | undefined,
  error: string,
) {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  if (state !== undefined) target.searchParams.set('state', state);
  return reply.redirect(target.toString(), 302);
}
