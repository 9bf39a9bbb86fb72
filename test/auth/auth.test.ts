import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestApp, type TestApp, type TestUser } from '../support/app.ts';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_ATTEMPTS: '3' });
  user = await t.createUser();
});
afterAll(() => t.close());

describe('authentication', () => {
  it('refuses /api without a session or token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/contacts' });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthenticated');
  });

  it('refuses an unknown bearer token', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/contacts',
      headers: { authorization: 'Bearer cs_nope' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('logs in with a cookie, answers the session with a CSRF token, and logs out', async () => {
    const { cookie, csrfToken } = await t.login(user);
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(session.json()).toEqual({ user: { id: user.id, email: user.email }, csrfToken });

    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ user: null, csrfToken: null });
  });

  it('sets an HttpOnly, SameSite cookie', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const cookie = response.cookies[0];
    expect(cookie).toMatchObject({ name: 'cs_session', httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses a wrong password without saying whether the email exists', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'nope nope nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: 'nope nope nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
  });

  it('rate-limits repeated failed logins for one email, even with the right password after', async () => {
    const victim = await t.createUser();
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: victim.email, password: 'wrong password' },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: victim.email, password: victim.password },
    });
    expect(blocked.statusCode).toBe(429);
    expect(errorOf(blocked).code).toBe('rate_limited');
    expect(blocked.headers['retry-after']).toBeDefined();
  });
});

describe('CSRF protection of cookie-authenticated writes', () => {
  const payload = { firstName: 'Csrf', lastName: 'Probe' };

  it('accepts a same-origin write that carries the x-csrf-token', async () => {
    const { cookie, csrfToken } = await t.login(user);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        origin: 'http://localhost:80',
        'sec-fetch-site': 'same-origin',
      },
      payload,
    });
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['without the x-csrf-token header', {}],
    ['with a wrong x-csrf-token', { 'x-csrf-token': 'forged' }],
    ['from another site (Sec-Fetch-Site)', { 'sec-fetch-site': 'cross-site', useToken: true }],
    ['from another origin', { origin: 'https://evil.example', useToken: true }],
  ])('refuses a write %s', async (_, extra) => {
    const { cookie, csrfToken } = await t.login(user);
    const { useToken, ...headers } = extra as Record<string, string> & { useToken?: boolean };
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie, ...(useToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
      payload,
    });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('csrf_failed');
  });

  it('needs no CSRF token for bearer-token writes (no ambient credential)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: bearer(user),
      payload,
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('personal API tokens', () => {
  it('creates a token that works, lists it without its value, and revokes it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(user),
      payload: { name: 'lead provider' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json<{ id: string; token: string }>();
    const withNew = await t.app.inject({
      method: 'GET',
      url: '/api/contacts',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withNew.statusCode).toBe(200);

    const listed = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer(user) });
    expect(JSON.stringify(listed.json())).not.toContain(token);

    await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: bearer(user) });
    const revoked = await t.app.inject({
      method: 'GET',
      url: '/api/contacts',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
  });
});
