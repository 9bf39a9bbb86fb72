import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, emulatorForThisFile, newAccount, putSettings, type TestEmulator } from './support.ts';

const emulator = emulatorForThisFile();
const redirectUri = 'http://127.0.0.1:9/callback';
const scope = 'openid profile email offline_access User.Read Contacts.ReadWrite';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function openConsent(em: TestEmulator, params: Record<string, string>) {
  const query = new URLSearchParams({
    client_id: 'app-1',
    redirect_uri: redirectUri,
    response_type: 'code',
    ...params,
  });
  return fetch(`${em.url}/common/oauth2/v2.0/authorize?${query}`, { redirect: 'manual' });
}

async function decide(em: TestEmulator, page: string, decision: 'allow' | 'deny', email: string) {
  const consent = /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const response = await fetch(`${em.url}/common/oauth2/v2.0/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, email, decision }).toString(),
  });
  return new URL(response.headers.get('location') ?? '');
}

async function token(em: TestEmulator, form: Record<string, string>) {
  const response = await fetch(`${em.url}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'app-1', ...form }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signIn(em: TestEmulator, email: string, scopes = scope) {
  const { verifier, challenge } = pkce();
  const page = await openConsent(em, {
    scope: scopes,
    state: 's-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: email,
  });
  const location = await decide(em, await page.text(), 'allow', email);
  const code = location.searchParams.get('code') ?? '';
  return {
    code,
    verifier,
    answer: await token(em, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  };
}

describe('identity platform', () => {
  it('publishes discovery pointing at its own origin', async () => {
    const answer = await call(`${emulator().url}/consumers/v2.0/.well-known/openid-configuration`);
    expect(answer.body.token_endpoint).toBe(`${emulator().url}/consumers/oauth2/v2.0/token`);
    expect(answer.body.issuer).toBe(`${emulator().url}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`);
    const keys = await call<{ keys: unknown[] }>(String(answer.body.jwks_uri));
    expect(keys.body.keys).toHaveLength(1);
  });

  it('shows a consent page pre-filled from login_hint', async () => {
    const page = await openConsent(emulator(), { scope, state: 'abc', login_hint: 'pat@contoso.example' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="pat@contoso.example"');
    expect(html).toContain('Contacts.ReadWrite');
    // Each permission in plain words, and plainly a demo.
    expect(html).toContain('Read, change and delete your contacts');
    expect(html).toContain('Demo account');
  });

  it('Allow redirects with a code and the state; the code and verifier buy tokens', async () => {
    const { answer } = await signIn(emulator(), 'allow@contoso.example');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(answer.body.refresh_token).toEqual(expect.any(String));
    expect(String(answer.body.id_token).split('.')).toHaveLength(3);
    const me = await call(`${emulator().url}/v1.0/me`, { token: String(answer.body.access_token) });
    expect(me.body.mail).toBe('allow@contoso.example');
  });

  it('Deny redirects with access_denied and the state', async () => {
    const page = await openConsent(emulator(), { scope, state: 'keep-me' });
    const location = await decide(emulator(), await page.text(), 'deny', 'x@contoso.example');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('keep-me');
  });

  it('autoConsent redirects at once as the login_hint account', async () => {
    await putSettings(emulator(), { autoConsent: true });
    const response = await openConsent(emulator(), {
      scope,
      state: 'auto',
      login_hint: 'auto@contoso.example',
    });
    await putSettings(emulator(), { autoConsent: false });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('auto');
  });

  it('a wrong PKCE verifier is refused with AADSTS501481', async () => {
    const { challenge } = pkce();
    const page = await openConsent(emulator(), {
      scope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code =
      (await decide(emulator(), await page.text(), 'allow', 'pkce@contoso.example')).searchParams.get(
        'code',
      ) ?? '';
    const answer = await token(emulator(), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: 'wrong',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(String(answer.body.error_description)).toMatch(
      /^AADSTS501481: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: /s,
    );
    expect(answer.body).toHaveProperty('trace_id');
    expect(answer.body).toHaveProperty('correlation_id');
    expect(answer.body).toHaveProperty('timestamp');
  });

  it('a code redeemed twice answers AADSTS54005', async () => {
    const { code, verifier } = await signIn(emulator(), 'twice@contoso.example');
    const again = await token(emulator(), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });

  it('each refresh returns a new refresh token, and the old one still works', async () => {
    const { answer } = await signIn(emulator(), 'rotate@contoso.example');
    const first = String(answer.body.refresh_token);
    const refreshed = await token(emulator(), { grant_type: 'refresh_token', refresh_token: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(first);
    const again = await token(emulator(), { grant_type: 'refresh_token', refresh_token: first });
    expect(again.status).toBe(200);
  });

  it('without offline_access there is no refresh token', async () => {
    const { answer } = await signIn(emulator(), 'online@contoso.example', 'openid User.Read Contacts.Read');
    expect(answer.body.refresh_token).toBeUndefined();
  });

  it('a revoked grant answers invalid_grant AADSTS50173', async () => {
    const { answer } = await signIn(emulator(), 'revoked@contoso.example');
    await call(`${emulator().url}/_control/accounts/revoked%40contoso.example/revoke`, { method: 'POST' });
    const refreshed = await token(emulator(), {
      grant_type: 'refresh_token',
      refresh_token: String(answer.body.refresh_token),
    });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    const me = await call(`${emulator().url}/v1.0/me`, { token: String(answer.body.access_token) });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('an unknown refresh token answers AADSTS70000', async () => {
    const answer = await token(emulator(), { grant_type: 'refresh_token', refresh_token: 'nonsense' });
    expect(answer.body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
  });

  it('a refresh token unused past its lifetime answers AADSTS700082', async () => {
    const { answer } = await signIn(emulator(), 'idle@contoso.example');
    emulator().clock.advance(91 * 24 * 3600);
    const refreshed = await token(emulator(), {
      grant_type: 'refresh_token',
      refresh_token: String(answer.body.refresh_token),
    });
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
  });

  it('an access token past its lifetime answers 401 on Graph', async () => {
    const { answer } = await signIn(emulator(), 'expiring@contoso.example');
    emulator().clock.advance(3601);
    const me = await call(`${emulator().url}/v1.0/me`, { token: String(answer.body.access_token) });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', innerError: { 'request-id': expect.any(String) } },
    });
  });

  it('registered clients: a confidential client needs its secret, a public one must not send one', async () => {
    await putSettings(emulator(), {
      clients: [
        { clientId: 'web', clientSecret: 's3cret', redirectUris: [redirectUri] },
        { clientId: 'app-1', redirectUris: [redirectUri] },
      ],
    });
    const bad = await token(emulator(), {
      client_id: 'web',
      client_secret: 'nope',
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    const publicWithSecret = await token(emulator(), {
      client_secret: 'x',
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    const unknown = await token(emulator(), {
      client_id: 'ghost',
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    const page = await openConsent(emulator(), { scope, redirect_uri: 'http://127.0.0.1:9/elsewhere' });
    await putSettings(emulator(), { clients: null });
    expect(bad).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    expect(publicWithSecret.body).toMatchObject({ error_codes: [700025] });
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('AADSTS50011');
  });
});

describe('/me', () => {
  it('a work account has mail; a personal account has mail null and a 16-hex id', async () => {
    const work = await newAccount(emulator(), 'worker@contoso.example');
    const workMe = await work.graph('/me');
    expect(workMe.body).toMatchObject({
      mail: 'worker@contoso.example',
      userPrincipalName: 'worker@contoso.example',
    });
    expect(String(workMe.body.id)).toMatch(/^[0-9a-f-]{36}$/);

    const personal = await newAccount(emulator(), 'someone@outlook.example');
    await call(`${emulator().url}/_control/accounts/someone%40outlook.example/profile`, {
      method: 'PATCH',
      body: { consumer: true },
    });
    const me = await personal.graph('/me');
    expect(me.body).toMatchObject({ mail: null, userPrincipalName: 'someone@outlook.example' });
    expect(String(me.body.id)).toMatch(/^[0-9a-f]{16}$/);
  });
});
