import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConformance, type GoogleKit, startKit } from './google-test-kit.ts';

const CLIENT = { id: '123456789012-demo.apps.googleusercontent.com', secret: 'demo-secret' };
const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const SCOPE = 'openid email https://www.googleapis.com/auth/contacts';
const VERIFIER = 'a-verifier-that-is-long-enough-for-pkce-0123456789abcdef';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let kit: GoogleKit;

beforeAll(async () => {
  kit = await startKit();
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    client_id: CLIENT.id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPE,
    state: 'state-42',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    access_type: 'offline',
    login_hint: 'ada@example.com',
    ...extra,
  });
  return `${kit.url}/o/oauth2/v2/auth?${params}`;
}

/** Opens the consent page and clicks a button, returning where the browser is sent. */
async function consent(decision: 'allow' | 'deny', extra: Record<string, string> = {}): Promise<URL> {
  const page = await fetch(authorizeUrl(extra));
  expect(page.status).toBe(200);
  const html = await page.text();
  const consentId = /name="consent" value="([^"]+)"/.exec(html)?.[1];
  expect(consentId).toBeDefined();
  const form = new URLSearchParams({ consent: consentId!, email: 'ada@example.com', decision });
  const answer = await fetch(`${kit.url}/o/oauth2/v2/consent`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location')!);
}

async function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${kit.url}/token`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers,
  });
  return { status: response.status, body: (await response.json()) as Record<string, string | number> };
}

function exchange(code: string, verifier = VERIFIER) {
  return token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    code_verifier: verifier,
  });
}

function refresh(refreshToken: string) {
  return token({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
  });
}

function listWith(accessToken: string) {
  return kit.api(accessToken, 'GET', '/v1/people/me/connections?personFields=names');
}

describe('Google OAuth', () => {
  it('publishes an OpenID discovery document pointing at its own origin', async () => {
    const doc = (await (await fetch(`${kit.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc.issuer).toBe(kit.url);
    expect(doc.authorization_endpoint).toBe(`${kit.url}/o/oauth2/v2/auth`);
    expect(doc.token_endpoint).toBe(`${kit.url}/token`);
    expect(doc.revocation_endpoint).toBe(`${kit.url}/revoke`);
    expect(doc.code_challenge_methods_supported).toEqual(['plain', 'S256']);
    const certs = (await (await fetch(String(doc.jwks_uri))).json()) as { keys: unknown[] };
    expect(certs.keys).toHaveLength(1);
  });

  it('allowing on the consent page returns a code and the state, exchanged with PKCE for offline tokens', async () => {
    const back = await consent('allow', { prompt: 'consent' });
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('state-42');
    const tokens = await exchange(back.searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE });
    expect(String(tokens.body.access_token)).toMatch(/^ya29\./);
    expect(tokens.body.refresh_token).toBeDefined();
    expect(String(tokens.body.id_token).split('.')).toHaveLength(3);
    expect((await listWith(String(tokens.body.access_token))).status).toBe(200);
  });

  it('denying on the consent page sends access_denied back with the state', async () => {
    const back = await consent('deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('state-42');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a wrong PKCE verifier with invalid_grant', async () => {
    const back = await consent('allow');
    const tokens = await exchange(
      back.searchParams.get('code')!,
      'not-the-verifier-that-made-the-challenge-000000',
    );
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('refuses a code used twice with invalid_grant', async () => {
    const code = (await consent('allow')).searchParams.get('code')!;
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('issues a refresh token again on re-consent only when prompt=consent forces the screen', async () => {
    const repeat = await exchange((await consent('allow')).searchParams.get('code')!);
    expect(repeat.body.refresh_token).toBeUndefined();
    const forced = await exchange((await consent('allow', { prompt: 'consent' })).searchParams.get('code')!);
    expect(forced.body.refresh_token).toBeDefined();
  });

  it('issues no refresh token without access_type=offline', async () => {
    const online = await exchange(
      (await consent('allow', { access_type: 'online', prompt: 'consent' })).searchParams.get('code')!,
    );
    expect(online.status).toBe(200);
    expect(online.body.refresh_token).toBeUndefined();
  });

  it('refreshes with client_secret_basic and keeps the refresh token', async () => {
    const first = await exchange((await consent('allow', { prompt: 'consent' })).searchParams.get('code')!);
    const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      { authorization: `Basic ${basic}` },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect((await listWith(String(refreshed.body.access_token))).status).toBe(200);
  });

  it('after a revoke, the refresh token gives invalid_grant and the access token 401 on the API', async () => {
    const tokens = await exchange((await consent('allow', { prompt: 'consent' })).searchParams.get('code')!);
    const revoke = await fetch(`${kit.url}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: String(tokens.body.refresh_token) }),
    });
    expect(revoke.status).toBe(200);
    const refreshed = await refresh(String(tokens.body.refresh_token));
    expect(refreshed).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
    const api = await listWith(String(tokens.body.access_token));
    expect(api.status).toBe(401);
    expect(api.body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('answers 400 when revoking an unknown token', async () => {
    const revoke = await fetch(`${kit.url}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope' }),
    });
    expect(revoke.status).toBe(400);
  });

  it('expires access tokens after accessTokenTtlSeconds on the emulator clock', async () => {
    const tokens = await exchange((await consent('allow', { prompt: 'consent' })).searchParams.get('code')!);
    const accessToken = String(tokens.body.access_token);
    kit.clock.advance(3599);
    expect((await listWith(accessToken)).status).toBe(200);
    kit.clock.advance(1);
    const expired = await listWith(accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('Bearer');
    expect(expired.body).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
    const refreshed = await refresh(String(tokens.body.refresh_token));
    expect((await listWith(String(refreshed.body.access_token))).status).toBe(200);
  });

  it('answers userinfo with the signed-in email', async () => {
    const tokens = await exchange((await consent('allow')).searchParams.get('code')!);
    const info = await fetch(`${kit.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(await info.json()).toMatchObject({ email: 'ada@example.com', email_verified: true });
  });

  it('redirects at once for login_hint with autoConsent', async () => {
    await kit.control('PUT', '/settings', { autoConsent: true });
    try {
      const answer = await fetch(authorizeUrl({ login_hint: 'new.person@example.com' }), {
        redirect: 'manual',
      });
      expect(answer.status).toBe(302);
      const back = new URL(answer.headers.get('location')!);
      const tokens = await exchange(back.searchParams.get('code')!);
      expect(tokens.body.refresh_token).toBeDefined();
      expect((await kit.control<{ accounts: string[] }>('GET', '/accounts')).body.accounts).toContain(
        'new.person@example.com',
      );
    } finally {
      await kit.control('PUT', '/settings', { autoConsent: false });
    }
  });

  it('shows an error page instead of redirecting for an unregistered client', async () => {
    await kit.control('PUT', '/settings', {
      clients: [{ clientId: CLIENT.id, clientSecret: CLIENT.secret }],
    });
    try {
      const answer = await fetch(authorizeUrl({ client_id: 'someone-else' }), { redirect: 'manual' });
      expect(answer.status).toBe(401);
      const wrongSecret = await token({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: CLIENT.id,
        client_secret: 'bad',
      });
      expect(wrongSecret.body.error).toBe('invalid_client');
    } finally {
      await kit.control('PUT', '/settings', { clients: null });
    }
  });
});
