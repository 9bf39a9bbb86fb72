import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf } from './context.ts';
import { badRequest } from './errors.ts';
import { sendJson } from './route-helpers.ts';

const MAX_REQUESTS = 20;
/** Outlook runs at most this many sub-requests of one batch at a time. */
const PARALLEL = 4;
const KEPT_HEADERS = ['content-type', 'retry-after', 'location', 'preference-applied', 'request-id'];

const batchBody = z.object({
  requests: z.array(
    z.object({
      id: z.string().min(1),
      method: z.string().min(1),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});

type SubRequest = z.output<typeof batchBody>['requests'][number];

interface SubResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * JSON batching: each sub-request runs through the same routes, hooks and limits as a direct call
 * (so it can be throttled on its own); a sub-request whose dependency failed answers 424.
 */
export function registerBatchRoute(api: FastifyInstance, app: FastifyInstance): void {
  api.post('/$batch', async (request, reply) => {
    callerOf(request);
    const requests = parseBatch(request.body);
    const outcomes = new Map<string, Promise<SubResponse>>();
    const slots = semaphore(PARALLEL);
    const run = (sub: SubRequest): Promise<SubResponse> => {
      const key = sub.id.toLowerCase();
      const existing = outcomes.get(key);
      if (existing) return existing;
      const started = (async () => {
        const deps = await Promise.all((sub.dependsOn ?? []).map((dep) => run(byId(requests, dep))));
        if (deps.some((d) => d.status >= 400)) return failedDependency(sub.id);
        return slots(() => execute(app, request, sub));
      })();
      outcomes.set(key, started);
      return started;
    };
    const responses = await Promise.all(requests.map(run));
    return sendJson(reply, 200, { responses });
  });
}

function parseBatch(body: unknown): SubRequest[] {
  const parsed = batchBody.safeParse(body);
  if (!parsed.success) throw badRequest('Invalid batch payload format.', 'BadRequest');
  const { requests } = parsed.data;
  if (requests.length === 0) throw badRequest('The batch request must contain at least one request.');
  if (requests.length > MAX_REQUESTS) {
    throw badRequest(`The number of batch requests exceeds the limit of ${MAX_REQUESTS}.`);
  }
  const ids = new Set(requests.map((r) => r.id.toLowerCase()));
  if (ids.size !== requests.length) throw badRequest('Batch request ids must be unique.');
  for (const sub of requests) {
    for (const dep of sub.dependsOn ?? []) {
      if (!ids.has(dep.toLowerCase()))
        throw badRequest(`Request '${sub.id}' depends on unknown request '${dep}'.`);
    }
  }
  if (hasCycle(requests)) throw badRequest('The dependsOn references of the batch form a cycle.');
  const untyped = requests.find((r) => r.body !== undefined && !lowerKeys(r.headers ?? {})['content-type']);
  if (untyped)
    throw badRequest(`Write request id : ${untyped.id} does not contain Content-Type header or body.`);
  return requests;
}

function byId(requests: SubRequest[], id: string): SubRequest {
  const found = requests.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!found) throw badRequest(`Unknown request id '${id}'.`);
  return found;
}

function hasCycle(requests: SubRequest[]): boolean {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (sub: SubRequest): boolean => {
    const key = sub.id.toLowerCase();
    if (state.get(key) === 'done') return false;
    if (state.get(key) === 'visiting') return true;
    state.set(key, 'visiting');
    const cyclic = (sub.dependsOn ?? []).some((dep) => visit(byId(requests, dep)));
    state.set(key, 'done');
    return cyclic;
  };
  return requests.some(visit);
}

function failedDependency(id: string): SubResponse {
  return {
    id,
    status: 424,
    headers: { 'content-type': 'application/json' },
    body: { error: { code: 'FailedDependency', message: 'A request this one depends on failed.' } },
  };
}

function subError(id: string, message: string): SubResponse {
  return {
    id,
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: { error: { code: 'BadRequest', message } },
  };
}

async function execute(app: FastifyInstance, outer: FastifyRequest, sub: SubRequest): Promise<SubResponse> {
  if (/^[a-z]+:\/\//i.test(sub.url)) return subError(sub.id, 'Batch request URLs must be relative.');
  const headers: Record<string, string> = { ...lowerKeys(sub.headers ?? {}) };
  headers.authorization = outer.headers.authorization ?? '';
  headers.host = outer.headers.host ?? 'localhost';
  const response = await app.inject({
    method: sub.method.toUpperCase() as 'GET',
    url: `/v1.0/${sub.url.replace(/^\/+/, '').replace(/^v1\.0\//i, '')}`,
    headers,
    ...(sub.body !== undefined ? { payload: JSON.stringify(sub.body) } : {}),
  });
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) kept[name] = String(value);
  }
  return { id: sub.id, status: response.statusCode, headers: kept, ...bodyOf(response.body) };
}

function bodyOf(text: string): { body?: unknown } {
  if (text === '') return {};
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: text };
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function semaphore(size: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
