import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from '../../src/config.ts';
import { type RunningGoogleEmulator, startGoogleEmulator } from '../../src/emulators/google/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { SyncRuntime } from '../../src/sync/sync-runtime.ts';
import { createUser } from '../../src/users/users.ts';
import { createTestDatabase, quietLog } from '../support/database.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Polls `probe` every 25 ms until it answers something other than undefined/false. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A small seeded PRNG (mulberry32), so a failing sequence of kill times replays from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One `contact-sync worker` child process, with its JSON log lines kept for the test to read. */
export class WorkerProcess {
  readonly logLines: Record<string, unknown>[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.logLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.logLines.push({ msg: line });
        }
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Log lines with this message (the worker logs JSON; `msg` is pino's message field). */
  logged(msg: string): Record<string, unknown>[] {
    return this.logLines.filter((line) => line.msg === msg);
  }

  /** What the process wrote, for a failure message. */
  output(): string {
    const warnings = this.logLines.filter((l) => typeof l.level === 'number' && l.level >= 40);
    return [...warnings.map((l) => JSON.stringify(l)), ...this.stderr].join('\n').slice(-4000);
  }

  /** SIGKILL: no handler runs, no transaction commits, no job is handed back. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful stop), then SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts and remembers worker children, so `afterAll` can end every one of them, even after a failure. */
export class WorkerFleet {
  private readonly started: WorkerProcess[] = [];
  private count = 0;

  constructor(private readonly env: Record<string, string>) {}

  start(options: { logLevel?: string; concurrency?: number } = {}): WorkerProcess {
    const args = ['bin/contact-sync.js', 'worker', '--concurrency', String(options.concurrency ?? 4)];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      // A clean environment: only what a worker is configured with, nothing from the test runner.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...this.env,
        LOG_LEVEL: options.logLevel ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(`worker-${++this.count}`, child);
    this.started.push(worker);
    return worker;
  }

  all(): WorkerProcess[] {
    return [...this.started];
  }

  async killAll(): Promise<void> {
    await Promise.all(this.started.map((worker) => worker.kill()));
  }
}

/** How long the proxy holds a request before passing it on, and its answer before handing it back. */
export interface Hold {
  requestMs: number;
  answerMs: number;
}

/**
 * A proxy in front of the emulator's People API that widens the two windows a crash can fall into:
 * a held request is dropped if its caller dies meanwhile (the write never reaches Google), and a
 * held answer is lost with its caller after the write happened (the case clientData exists for).
 */
export async function startHoldingProxy(
  targetUrl: string,
  holdFor: (method: string, path: string) => Hold,
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const server: Server = createServer((incoming, outgoing) => {
    const hold = holdFor(incoming.method ?? 'GET', (incoming.url ?? '').split('?')[0]!);
    let callerGone = false;
    outgoing.on('close', () => {
      callerGone = !outgoing.writableFinished;
    });
    const body: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => body.push(chunk));
    incoming.on('end', () => {
      setTimeout(() => {
        if (callerGone) return;
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: target.host },
          },
          (answer: IncomingMessage) => {
            const chunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => chunks.push(chunk));
            answer.on('end', () => {
              setTimeout(() => {
                if (callerGone) return;
                outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
                outgoing.end(Buffer.concat(chunks));
              }, hold.answerMs);
            });
          },
        );
        upstream.on('error', () => outgoing.destroy());
        upstream.end(Buffer.concat(body));
      }, hold.requestMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Browser {
  userId: string;
  email: string;
  /** A request as the logged-in browser makes it. */
  api(method: string, url: string, payload?: object): Promise<{ status: number; body: any }>;
  /** Connects Google through the emulator's consent screen (auto-consent) to `accountEmail`. */
  connect(accountEmail: string): Promise<void>;
  status(): Promise<any>;
}

/**
 * The HTTP app and a Google emulator in this process, with no sync workers: every sync run happens
 * in worker children pointed at the same database (`workerEnv`).
 */
export interface WorkerlessHub {
  app: FastifyInstance;
  google: RunningGoogleEmulator;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  config: Config;
  /** The environment a `contact-sync worker` needs to work for this hub. */
  workerEnv(peopleApiUrl?: string): Record<string, string>;
  control(method: string, path: string, body?: unknown): Promise<any>;
  signIn(email?: string): Promise<Browser>;
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let users = 0;

export async function startWorkerlessHub(): Promise<WorkerlessHub> {
  const google = await startGoogleEmulator();
  const database = await createTestDatabase();
  const baseEnv = {
    GOOGLE_CLIENT_ID: 'test-client',
    GOOGLE_CLIENT_SECRET: 'test-secret',
    GOOGLE_ISSUER_URL: google.url,
    GOOGLE_PEOPLE_API_URL: google.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SYNC_DEBOUNCE_SECONDS: '0',
  };
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...baseEnv });
  const sync = await SyncRuntime.start({ config, database, log: quietLog, work: false });
  const app = await buildApp({ config, database, log: quietLog, sync });
  await app.ready();

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${google.url}/_control${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  await control('PUT', '/settings', { autoConsent: true });

  const signIn = async (email = `hub-user${++users}-${Date.now()}@example.com`): Promise<Browser> => {
    const password = `correct horse battery ${users}`;
    const user = await createUser(database.db, { email, password });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrfToken = login.json<{ csrfToken: string }>().csrfToken;
    const browser: Browser = {
      userId: user.id,
      email,
      async api(method, url, payload) {
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: { cookie, 'x-csrf-token': csrfToken },
          ...(payload ? { payload } : {}),
        });
        return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
      },
      async connect(accountEmail) {
        const started = await browser.api('POST', '/api/sync/connection', {
          provider: 'google',
          email: accountEmail,
        });
        if (started.status !== 200)
          throw new Error(`connect: ${started.status} ${JSON.stringify(started.body)}`);
        const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
        const back = new URL(consent.headers.get('location')!);
        const callback = await app.inject({
          method: 'GET',
          url: `${back.pathname}${back.search}`,
          headers: { cookie },
        });
        if (callback.headers.location !== '/settings/sync?result=connected') {
          throw new Error(`callback: ${callback.statusCode} ${callback.headers.location} ${callback.body}`);
        }
      },
      async status() {
        return (await browser.api('GET', '/api/sync/connection')).body;
      },
    };
    return browser;
  };

  return {
    app,
    google,
    database,
    config,
    workerEnv: (peopleApiUrl = google.url) => ({
      ...baseEnv,
      GOOGLE_PEOPLE_API_URL: peopleApiUrl,
      DATABASE_URL: database.url,
    }),
    control,
    signIn,
    async query<T>(text: string, values: unknown[] = []) {
      return (await database.pool.query(text, values)).rows as T[];
    },
    async close() {
      await app.close();
      await sync.stop();
      await database.drop();
      await google.close();
    },
  };
}
