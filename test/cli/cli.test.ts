import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/contact-sync.js');

// These tests run the real command on the embedded PostgreSQL, as a newcomer would: no DATABASE_URL.
let dataDir: string;
const env = () => {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
};

async function cli(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { env: env(), timeout: 60_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'contact-sync-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the contact-sync command', () => {
  let server: ChildProcess | undefined;
  let serverOutput = '';

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('creates a user with a token on a fresh data folder, starting the embedded database itself', async () => {
    const { stdout } = await cli(
      'users',
      'create',
      '--email',
      'Owner@Example.com',
      '--password',
      'long enough pw',
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const created = JSON.parse(lines[0]!);
    expect(created).toEqual({
      id: expect.any(String),
      email: 'owner@example.com',
      token: expect.stringMatching(/^cs_/),
    });
  });

  it('refuses a duplicate email and a short password with clear errors', async () => {
    await expect(
      cli('users', 'create', '--email', 'owner@example.com', '--password', 'long enough pw'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('email_taken'),
    });
    await expect(
      cli('users', 'create', '--email', 'x@example.com', '--password', 'short'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('password'),
    });
  });

  it('records an older integration for a user and lists it; refuses a wrong kind or an unknown user', async () => {
    const { stdout } = await cli(
      'legacy-integrations',
      'add',
      '--user',
      'owner@example.com',
      '--kind',
      'calendar',
      '--name',
      ' Old calendar sync ',
    );
    const added = JSON.parse(stdout);
    expect(added).toEqual({ id: expect.any(String), kind: 'calendar', name: 'Old calendar sync' });
    const listed = await cli('legacy-integrations', 'list', '--user', 'owner@example.com');
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([expect.objectContaining({ id: added.id, kind: 'calendar', name: 'Old calendar sync' })]);
    await expect(
      cli('legacy-integrations', 'add', '--user', 'owner@example.com', '--kind', 'mail', '--name', 'x'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('"contacts" or "calendar"') });
    await expect(
      cli('legacy-integrations', 'add', '--user', 'nobody@example.com', '--kind', 'contacts', '--name', 'x'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('No user with the email nobody@example.com') });
  });

  it('serves the API while CLI commands share the same embedded database, and data survives a restart', async () => {
    const port = await freePort();
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...env(), PORT: String(port), LOG_LEVEL: 'info' },
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 60_000);
    // Users existed already, so no demo user is announced.
    expect(serverOutput).not.toContain('demo user');

    const { stdout } = await cli(
      'users',
      'create',
      '--email',
      'second@example.com',
      '--password',
      'long enough pw',
    );
    const { token } = JSON.parse(stdout);
    const file = join(dataDir, 'people.csv');
    await writeFile(
      file,
      'first name,last name,email\nMarie,Curie,marie@example.com\n,,\nPierre,Curie,not-an-email\n',
    );
    const imported = await cli('import', file, '--user', 'second@example.com');
    const report = JSON.parse(imported.stdout);
    expect(report.counts).toMatchObject({ rows: 2, created: 1, skipped: 1 });

    const listed = await fetch(`${base}/api/contacts?q=curie`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await listed.json()) as { items: { firstName: string; type: string }[] };
    expect(page.items).toEqual([expect.objectContaining({ firstName: 'Marie', type: 'import' })]);

    // SIGTERM stops the server in order (requests, the sync, then its database) and it exits with 0,
    // not cut short by the embedded database's own signal handling.
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serverOutput).toContain('"msg":"shutting down"');
    // The database stopped last: the job queue never saw it go away under it.
    expect(serverOutput).not.toContain('the database is shutting down');
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // After the server stopped (and its database with it), a CLI command starts the database again.
    const again = await cli('import', file, '--user', 'second@example.com', '--duplicates', 'skip');
    expect(JSON.parse(again.stdout).counts).toMatchObject({ created: 0, skipped: 2 });
  });

  it('reports every configuration problem at once', async () => {
    await expect(
      run(process.execPath, [BIN, 'migrate'], { env: { ...env(), PORT: 'abc', DATABASE_URL: 'mysql://x' } }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/),
    });
  });
});
