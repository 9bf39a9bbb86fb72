import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type Exchange,
  loadConformanceChecker,
  type Violation,
} from '../../../src/emulators/conformance/index.ts';
import {
  type RunningMicrosoftEmulator,
  startMicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.ts';

/** `/me` (the user profile) is emulated but is not part of the contacts OpenAPI extract. */
const OUTSIDE_EXTRACT = /^\/v1\.0\/(me|users\/[^/]+)$/;

/** A clock the test moves by hand, so expiry needs no waiting. */
export class FakeClock {
  constructor(public ms = Date.parse('2026-07-27T12:00:00Z')) {}
  now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface TestEmulator extends RunningMicrosoftEmulator {
  clock: FakeClock;
  violations: Array<Violation & { exchange: string }>;
}

/**
 * Starts an emulator whose every exchange is checked against the Graph description; the file's
 * afterAll fails when any response (or any accepted request) departs from it. Requests a test
 * sends wrong on purpose are rejected by the emulator, so their request-side findings are ignored.
 */
export async function startTestEmulator(): Promise<TestEmulator> {
  const checker = loadConformanceChecker();
  const violations: TestEmulator['violations'] = [];
  if ('skipped' in checker) console.warn(checker.skipped);
  const onExchange = (exchange: Exchange) => {
    if ('skipped' in checker) return;
    for (const violation of checker.check(exchange)) {
      if (violation.where === 'request' && exchange.status >= 400) continue;
      if (violation.where === 'route' && OUTSIDE_EXTRACT.test(exchange.path)) continue;
      violations.push({ ...violation, exchange: `${exchange.method} ${exchange.path} ${exchange.status}` });
    }
  };
  const clock = new FakeClock();
  const emulator = await startMicrosoftEmulator({ onExchange, now: clock.now });
  return { ...emulator, clock, violations };
}

/** One emulator per test file, closed and checked for conformance after the file's tests. */
export function emulatorForThisFile(): () => TestEmulator {
  let emulator: TestEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    expect(emulator?.violations ?? []).toEqual([]);
  });
  return () => {
    if (!emulator) throw new Error('the emulator starts in beforeAll');
    return emulator;
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

/** Creates an account through the control API and mints a token for it. */
export async function newAccount(
  emulator: TestEmulator,
  email: string,
  scope = 'openid offline_access User.Read Contacts.ReadWrite',
): Promise<{
  email: string;
  token: string;
  graph: (path: string, init?: Parameters<typeof call>[1]) => Promise<Answer>;
}> {
  await call(`${emulator.url}/_control/accounts`, { method: 'POST', body: { email } });
  const issued = await call<{ access_token: string }>(
    `${emulator.url}/_control/accounts/${encodeURIComponent(email)}/tokens`,
    { method: 'POST', body: { scope, clientId: 'test-client' } },
  );
  const token = issued.body.access_token;
  const graph = (path: string, init: Parameters<typeof call>[1] = {}) =>
    call(path.startsWith('http') ? path : `${emulator.url}/v1.0${path}`, { token, ...init });
  return { email, token, graph };
}

export async function seed(emulator: TestEmulator, email: string, contacts: unknown[]): Promise<string[]> {
  const answer = await call<{ ids: string[] }>(
    `${emulator.url}/_control/accounts/${encodeURIComponent(email)}/contacts`,
    {
      method: 'POST',
      body: { contacts },
    },
  );
  if (answer.status !== 201) throw new Error(`seed failed: ${JSON.stringify(answer.body)}`);
  return answer.body.ids;
}

export async function putSettings(emulator: TestEmulator, settings: Record<string, unknown>): Promise<void> {
  const answer = await call(`${emulator.url}/_control/settings`, { method: 'PUT', body: settings });
  if (answer.status !== 200) throw new Error(`settings failed: ${JSON.stringify(answer.body)}`);
}

/** Polls until the condition holds; fails after the timeout instead of sleeping a fixed time. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface ReceivedPost {
  path: string;
  query: URLSearchParams;
  body: string;
}

/**
 * A webhook endpoint on 127.0.0.1 that records every POST. Validation requests are answered per
 * `validation`: echo the token (as Graph wants), send it back still encoded, or wait for `release`.
 */
export async function startReceiver(validation: 'echo' | 'encoded' | 'hold' = 'echo') {
  const posts: ReceivedPost[] = [];
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    posts.push({ path: url.pathname, query: url.searchParams, body });
    const token = url.searchParams.get('validationToken');
    if (token === null) {
      response.writeHead(202).end();
      return;
    }
    if (validation === 'hold') await released;
    const answer = validation === 'encoded' ? encodeURIComponent(token) : token;
    response.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    release: () => release(),
    notifications: () =>
      posts
        .filter((p) => p.query.get('validationToken') === null)
        .flatMap((p) => (JSON.parse(p.body) as { value: Array<Record<string, unknown>> }).value),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The emulator's fetch keeps connections alive; do not wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
