import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Exchange } from '../conformance/index.ts';
import type { GeneratedContact } from '../generator/index.ts';
import { generateContacts } from '../generator/index.ts';
import { OAuthGrants } from './oauth-grants.ts';
import { seededRandom } from './random.ts';
import { RequestLog } from './request-log.ts';
import { type CommonSettings, commonSettingsSchema } from './settings.ts';

/** What each emulator's account store offers to the control API; contacts are provider-native JSON. */
export interface ProviderControl {
  createAccount(email: string): void;
  accountEmails(): string[];
  /** Validates and stores contacts as a person would create them; returns their ids. */
  seedContacts(email: string, contacts: unknown[]): string[];
  listContacts(email: string): unknown[];
  /** An edit as a person would make it in the provider's own app: new etag, visible to sync. */
  editContact(email: string, id: string, patch: unknown): unknown;
  deleteContact(email: string, id: string): void;
  expireCursors(email: string): void;
  fromGenerated(contact: GeneratedContact): unknown;
  reset(): void;
}

/** A control-API failure: 404 for an unknown account or contact, 400 for bad input. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface EmulatorOptions<P extends z.ZodObject> {
  provider: 'google' | 'microsoft';
  providerSettingsSchema: P;
  /** The provider's own "service unavailable" answer, used by injected errors. */
  sendUnavailable(reply: FastifyReply): FastifyReply;
  /** The provider's own 429 answer, used by injected throttling. */
  sendThrottled(reply: FastifyReply, retryAfterSeconds: number): FastifyReply;
  /** True for the provider API paths (not OAuth, not control): these are faulted and recorded. */
  isApiPath(path: string): boolean;
  /** Receives every API request and response, for conformance checks in tests. */
  onExchange?: ((exchange: Exchange) => void) | undefined;
  now?: () => number;
}

export interface EmulatorCore<P extends z.ZodObject> {
  app: FastifyInstance;
  grants: OAuthGrants;
  log: RequestLog;
  settings(): CommonSettings & z.output<P>;
  now(): number;
}

const EXCHANGE_BODY = Symbol('exchangeBody');

/**
 * The parts both emulators share: settings, request log and counters, injected latency, errors
 * and dropped connections, the OAuth grant store, the exchange recorder and the control API.
 */
export function createEmulatorCore<P extends z.ZodObject>(options: EmulatorOptions<P>): EmulatorCore<P> {
  const now = options.now ?? Date.now;
  const defaults = () => ({
    ...commonSettingsSchema.parse({}),
    ...(options.providerSettingsSchema.parse({}) as z.output<P>),
  });
  let current = defaults();
  let dice = seededRandom(current.seed);
  const settings = () => current;
  const grants = new OAuthGrants(settings, now, options.provider === 'google' ? 'ya29.' : 'EwB');
  const log = new RequestLog();
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  void app.register(formbody);

  app.decorate('emulatorSettings', {
    get: settings,
    update(patch: unknown) {
      const schema = commonSettingsSchema
        .partial()
        .extend(options.providerSettingsSchema.partial().shape)
        .strict();
      const parsed = schema.safeParse(patch);
      if (!parsed.success) throw new ControlError(400, z.prettifyError(parsed.error));
      // Only the keys sent change: parsing fills in defaults for the others, which must not reset.
      const sent = new Set(Object.keys(patch as object));
      const changes = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key)));
      current = { ...current, ...(changes as Partial<typeof current>) };
      if ('seed' in parsed.data) dice = seededRandom(current.seed);
    },
    reset() {
      current = defaults();
      dice = seededRandom(current.seed);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/_control/')) return;
    const s = current;
    if (s.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, s.latencyMs));
    if (!options.isApiPath(request.url.split('?')[0]!)) return;
    const endpoint = endpointOf(request);
    if (s.dropRate > 0 && dice() < s.dropRate) {
      log.add(entry(request, 0, endpoint, now, 'drop'));
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (s.throttleRate > 0 && dice() < s.throttleRate) {
      (request as FastifyRequest & { fault?: string }).fault = 'throttled';
      return options.sendThrottled(reply, s.throttleRetryAfterSeconds);
    }
    const errorRate = s.errorRates[endpoint] ?? s.errorRate;
    if (errorRate > 0 && dice() < errorRate) {
      (request as FastifyRequest & { fault?: string }).fault = 'error';
      return options.sendUnavailable(reply);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // The log's duration is the time to produce the answer; writing it out is the client's pace.
    (request as FastifyRequest & { producedMs?: number }).producedMs = reply.elapsedTime;
    if (options.onExchange && options.isApiPath(request.url.split('?')[0]!)) {
      (request as unknown as Record<symbol, unknown>)[EXCHANGE_BODY] = payload;
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/_control/')) return;
    const fault = (request as FastifyRequest & { fault?: 'error' | 'throttled' }).fault;
    const throttled = reply.statusCode === 429 ? 'throttled' : undefined;
    const producedMs = (request as FastifyRequest & { producedMs?: number }).producedMs ?? reply.elapsedTime;
    log.add(entry(request, reply.statusCode, endpointOf(request), now, fault ?? throttled, producedMs));
    const payload = (request as unknown as Record<symbol, unknown>)[EXCHANGE_BODY];
    if (options.onExchange && payload !== undefined)
      options.onExchange(exchangeOf(options.provider, request, reply, payload));
  });

  return { app, grants, log, settings, now };
}

function endpointOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

function entry(
  request: FastifyRequest,
  status: number,
  endpoint: string,
  now: () => number,
  fault?: 'error' | 'drop' | 'throttled',
  durationMs = 0,
) {
  const account = (request as FastifyRequest & { accountEmail?: string }).accountEmail;
  return {
    at: new Date(now()).toISOString(),
    method: request.method,
    endpoint,
    path: request.url,
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    ...(account ? { account } : {}),
    ...(fault ? { fault } : {}),
  };
}

function exchangeOf(
  provider: 'google' | 'microsoft',
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Exchange {
  const [path, search = ''] = request.url.split('?') as [string, string?];
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const parse = (value: unknown) => {
    if (typeof value !== 'string' || value === '') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  };
  const requestBody = request.body === undefined || request.body === null ? undefined : request.body;
  return {
    provider,
    method: request.method,
    path,
    query,
    ...(requestBody !== undefined ? { requestBody } : {}),
    status: reply.statusCode,
    ...(parse(payload) !== undefined ? { responseBody: parse(payload) } : {}),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    emulatorSettings: { get(): unknown; update(patch: unknown): void; reset(): void };
  }
}

const emailParams = z.object({ email: z.string().min(1) });
const contactParams = emailParams.extend({ id: z.string().min(1) });

/** The control API, the same on both emulators (see docs/emulators.md). */
export function registerControlRoutes(core: EmulatorCore<z.ZodObject>, control: ProviderControl): void {
  const { app, grants, log } = core;
  const account = (request: FastifyRequest) => {
    const { email } = emailParams.parse(request.params);
    const decoded = decodeURIComponent(email).toLowerCase();
    if (!control.accountEmails().includes(decoded)) throw new ControlError(404, `No account ${decoded}.`);
    return decoded;
  };

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ControlError)
      return reply.code(error.status).send({ error: { code: error.status, message: error.message } });
    if (error instanceof z.ZodError)
      return reply.code(400).send({ error: { code: 400, message: z.prettifyError(error) } });
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (request.url.startsWith('/_control/') || status >= 500) {
      return reply.code(status).send({ error: { code: status, message: (error as Error).message } });
    }
    return reply.code(status).send(error);
  });

  app.post('/_control/accounts', async (request, reply) => {
    const { email } = z.object({ email: z.email() }).parse(request.body);
    control.createAccount(email.toLowerCase());
    return reply.code(201).send({ email: email.toLowerCase() });
  });

  app.get('/_control/accounts', async () => ({ accounts: control.accountEmails() }));

  app.post('/_control/accounts/:email/contacts', async (request, reply) => {
    const { contacts } = z.object({ contacts: z.array(z.unknown()).max(50_000) }).parse(request.body);
    return reply.code(201).send({ ids: control.seedContacts(account(request), contacts) });
  });

  app.post('/_control/accounts/:email/generate', async (request, reply) => {
    const body = z
      .object({
        count: z.number().int().min(1).max(50_000),
        seed: z.number().int().optional(),
        duplicateRate: z.number().min(0).max(1).optional(),
      })
      .parse(request.body);
    const generated = generateContacts({
      count: body.count,
      ...(body.seed !== undefined ? { seed: body.seed } : {}),
      ...(body.duplicateRate !== undefined ? { duplicateRate: body.duplicateRate } : {}),
    });
    return reply
      .code(201)
      .send({ ids: control.seedContacts(account(request), generated.map(control.fromGenerated)) });
  });

  app.get('/_control/accounts/:email/contacts', async (request) => ({
    contacts: control.listContacts(account(request)),
  }));

  app.patch('/_control/accounts/:email/contacts/:id', async (request) => {
    const { id } = contactParams.parse(request.params);
    return control.editContact(account(request), decodeURIComponent(id), request.body);
  });

  app.delete('/_control/accounts/:email/contacts/:id', async (request, reply) => {
    const { id } = contactParams.parse(request.params);
    control.deleteContact(account(request), decodeURIComponent(id));
    return reply.code(204).send();
  });

  app.post('/_control/accounts/:email/tokens', async (request) => {
    const email = account(request);
    const { scope, clientId } = z
      .object({ scope: z.string().optional(), clientId: z.string().optional() })
      .parse(request.body ?? {});
    const issued = grants.issueTokens(email, clientId ?? 'control-api', scope ?? '', true);
    return {
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      expires_in: issued.expiresIn,
    };
  });

  app.post('/_control/accounts/:email/revoke', async (request, reply) => {
    grants.revokeAccount(account(request));
    return reply.code(204).send();
  });

  app.post('/_control/accounts/:email/expire-access-tokens', async (request, reply) => {
    grants.expireAccessTokens(account(request));
    return reply.code(204).send();
  });

  app.post('/_control/accounts/:email/expire-cursors', async (request, reply) => {
    control.expireCursors(account(request));
    return reply.code(204).send();
  });

  app.get('/_control/settings', async () => app.emulatorSettings.get());

  app.put('/_control/settings', async (request) => {
    app.emulatorSettings.update(request.body ?? {});
    return app.emulatorSettings.get();
  });

  app.get('/_control/requests', async (request) => {
    const { since } = z.object({ since: z.string().optional() }).parse(request.query);
    return { requests: log.list(since), counters: log.counts() };
  });

  app.get('/_control/stats', async () => {
    // With --expose-gc, garbage is collected first so the heap figure is what the data holds.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      accounts: control.accountEmails().length,
      memory: { rssMiB: mib(memory.rss), heapUsedMiB: mib(memory.heapUsed) },
    };
  });

  app.post('/_control/reset', async (_request, reply) => {
    control.reset();
    grants.reset();
    log.clear();
    app.emulatorSettings.reset();
    return reply.code(204).send();
  });
}
