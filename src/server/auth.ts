import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { apiTokens, loginAttempts, sessions, users } from '../db/schema.ts';
import { verifyPassword } from '../users/passwords.ts';
import { createApiToken, deleteApiToken, listApiTokens, sha256 } from '../users/users.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'cs_session';

export interface Principal {
  userId: string;
  email: string;
  method: 'session' | 'token';
  /** Set for cookie sessions only: the value writes must echo in `x-csrf-token`. */
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the caller from a Bearer token or the session cookie. */
async function resolvePrincipal(db: Db, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const tokenHash = sha256(header.slice(7).trim());
    const rows = await db
      .select({ userId: apiTokens.ownerId, email: users.email, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.ownerId))
      .where(eq(apiTokens.tokenHash, tokenHash));
    const row = rows[0];
    if (!row) throw new AppError('unauthenticated', 'The API token is not valid.');
    // Last use is shown to the user; a minute's precision spares a write on every request.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.tokenHash, tokenHash));
    }
    return { userId: row.userId, email: row.email, method: 'token', csrfToken: null };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const rows = await db
    .select({ userId: sessions.ownerId, csrfToken: sessions.csrfToken, email: users.email })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.ownerId))
    .where(and(eq(sessions.idHash, sha256(cookie)), gt(sessions.expiresAt, new Date())));
  const row = rows[0];
  return row ? { userId: row.userId, email: row.email, method: 'session', csrfToken: row.csrfToken } : null;
}

/**
 * A cookie-authenticated write must come from our own pages: the browser's Sec-Fetch-Site and Origin
 * must not say cross-site, and the x-csrf-token header must carry the session's token.
 */
export function assertSameSite(request: FastifyRequest, config: Config): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new AppError('csrf_failed');
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    const allowed = new Set([`${request.protocol}://${request.headers.host}`]);
    if (config.publicUrl) allowed.add(new URL(config.publicUrl).origin);
    if (!allowed.has(origin)) throw new AppError('csrf_failed', `Requests from ${origin} are refused.`);
  } else if (origin === 'null') {
    throw new AppError('csrf_failed');
  }
}

export function registerAuthentication(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.principal = await resolvePrincipal(db, request);
    const p = request.principal;
    if (p?.method === 'session' && !SAFE_METHODS.has(request.method)) {
      assertSameSite(request, config);
      if (request.headers['x-csrf-token'] !== p.csrfToken) throw new AppError('csrf_failed');
    }
  });
}

/** The signed-in caller, or a 401. */
export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated');
  return request.principal;
}

const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
});

export function registerAuthRoutes(app: FastifyInstance, db: Db, config: Config): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const windowMs = config.loginWindowSeconds * 1000;
  const sessionMs = config.sessionTtlHours * 3600 * 1000;

  api.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets the session cookie',
        body: loginBody,
      },
    },
    async (request, reply) => {
      assertSameSite(request, config);
      const { email, password } = request.body;
      // One email gets the configured number of tries; one address may try a few accounts.
      const limits = new Map([
        [`email:${email}`, config.loginMaxAttempts],
        [`ip:${request.ip}`, config.loginMaxAttempts * 5],
      ]);
      const keys = [...limits.keys()];
      await refuseWhenTooManyAttempts(db, limits, windowMs, reply);

      const user = (await db.select().from(users).where(eq(users.email, email)))[0];
      const valid = user ? await verifyPassword(password, user.passwordHash) : await burnTime(password);
      if (!user || !valid) {
        await db.insert(loginAttempts).values(keys.map((key) => ({ key })));
        throw new AppError('invalid_credentials');
      }
      await db.delete(loginAttempts).where(eq(loginAttempts.key, keys[0]!));
      await db.delete(sessions).where(and(eq(sessions.ownerId, user.id), lt(sessions.expiresAt, new Date())));

      const cookieValue = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + sessionMs);
      await db
        .insert(sessions)
        .values({ idHash: sha256(cookieValue), ownerId: user.id, csrfToken, expiresAt });
      reply.setCookie(SESSION_COOKIE, cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.publicUrl?.startsWith('https:') ?? false,
        expires: expiresAt,
      });
      return { user: { id: user.id, email: user.email }, csrfToken };
    },
  );

  api.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token for writes; user null when nobody is signed in',
      },
    },
    // Not 401 without a session: "who is signed in?" has a normal answer of "nobody", and the web UI
    // asks it on every load.
    async (request) => {
      const p = request.principal;
      if (!p) return { user: null, csrfToken: null };
      return { user: { id: p.userId, email: p.email }, csrfToken: p.csrfToken };
    },
  );

  api.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the cookie session' } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await db.delete(sessions).where(eq(sessions.idHash, sha256(cookie)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/tokens',
    { schema: { tags: ['auth'], summary: 'Your personal API tokens' } },
    async (request) => ({
      items: await listApiTokens(db, requireUser(request).userId),
    }),
  );

  api.post(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once)',
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const token = await createApiToken(db, requireUser(request).userId, request.body.name);
      return reply.code(201).send(token);
    },
  );

  api.delete(
    '/api/tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke a personal API token', params: z.object({ id: z.uuid() }) },
    },
    async (request, reply) => {
      if (!(await deleteApiToken(db, requireUser(request).userId, request.params.id)))
        throw new AppError('not_found');
      return reply.code(204).send();
    },
  );
}

async function refuseWhenTooManyAttempts(
  db: Db,
  limits: Map<string, number>,
  windowMs: number,
  reply: FastifyReply,
): Promise<void> {
  const since = new Date(Date.now() - windowMs);
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, since));
  for (const [key, limit] of limits) {
    const [row] = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), gt(loginAttempts.attemptedAt, since)));
    if ((row?.n ?? 0) >= limit) {
      reply.header('retry-after', Math.ceil(windowMs / 1000));
      throw new AppError('rate_limited', 'Too many failed logins; wait and try again.');
    }
  }
}

/** Spends about as long as a real check so an unknown email cannot be told apart by timing. */
async function burnTime(password: string): Promise<false> {
  await verifyPassword(
    password,
    'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  );
  return false;
}
