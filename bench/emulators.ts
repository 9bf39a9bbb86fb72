/**
 * Emulator figures: seeding, a 1,000-contact page, and memory with 50,000 contacts in all.
 *   npx tsx bench/emulators.ts
 */

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const PER_ACCOUNT = 25_000;

async function control(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function timed(requests: number, call: () => Promise<Response>) {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await call();
    const body = (await response.json()) as { connections?: unknown[]; value?: unknown[] };
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(JSON.stringify(body));
    items = (body.connections ?? body.value ?? []).length;
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    items,
  };
}

/** Median time the emulator itself spent answering (its request log), without the client's parsing. */
async function serverTimes(base: string, endpointPrefix: string): Promise<number> {
  const log = (await (await fetch(`${base}/_control/requests`)).json()) as {
    requests: { endpoint: string; durationMs: number }[];
  };
  const times = log.requests
    .filter((r) => r.endpoint.startsWith(endpointPrefix))
    .map((r) => r.durationMs)
    .sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function seed(base: string, email: string, scope: string) {
  await control(base, '/accounts', { email });
  const started = performance.now();
  for (let done = 0; done < PER_ACCOUNT; done += 5000) {
    await control(base, `/accounts/${encodeURIComponent(email)}/generate`, { count: 5000, seed: done + 1 });
  }
  const seconds = (performance.now() - started) / 1000;
  const { access_token: token } = await control(base, `/accounts/${encodeURIComponent(email)}/tokens`, {
    scope,
  });
  return { seconds, token: String(token) };
}

async function heapAfterGc(base: string): Promise<number> {
  const stats = (await (await fetch(`${base}/_control/stats`)).json()) as { memory: { heapUsedMiB: number } };
  return stats.memory.heapUsedMiB;
}

/** The emulators run as `contact-sync emulate` in a child process, so its memory is theirs alone. */
async function startEmulatorProcess() {
  const child = spawn(process.execPath, [join(import.meta.dirname, '../bin/contact-sync.js'), 'emulate'], {
    env: { ...process.env, NODE_OPTIONS: '--expose-gc' },
  });
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = Object.fromEntries(
        [...output.matchAll(/^(google|microsoft) (\S+)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (found.google && found.microsoft) resolve(found as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`emulate exited with ${code}`)));
  });
  const memory = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  };
  return {
    google: { url: urls.google! },
    microsoft: { url: urls.microsoft! },
    memory,
    close: () => {
      child.kill('SIGTERM');
    },
  };
}

async function main() {
  const emulators = await startEmulatorProcess();
  const { google, microsoft } = emulators;
  const before = await emulators.memory();
  const heapBeforeMiB = await heapAfterGc(google.url);
  try {
    const g = await seed(google.url, 'bench@example.com', 'https://www.googleapis.com/auth/contacts');
    const m = await seed(microsoft.url, 'bench@example.com', 'Contacts.ReadWrite');
    const held = await emulators.memory();
    // One process holds both emulators: either reports the same heap.
    const heapMiB = await heapAfterGc(google.url);

    const googlePage = await timed(30, () =>
      fetch(
        `${google.url}/v1/people/me/connections?personFields=names,emailAddresses,phoneNumbers,addresses,birthdays,organizations,urls,biographies,clientData,memberships,metadata&pageSize=1000`,
        {
          headers: { authorization: `Bearer ${g.token}` },
        },
      ),
    );
    const microsoftPage = await timed(30, () =>
      fetch(`${microsoft.url}/v1.0/me/contacts?$top=1000`, {
        headers: { authorization: `Bearer ${m.token}` },
      }),
    );
    const googleServer = await serverTimes(google.url, 'GET /v1/people/');
    const microsoftServer = await serverTimes(microsoft.url, 'GET /v1.0/me/contacts');

    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`,
    );
    console.log('');
    console.log('| scenario | time | peak RSS | result |');
    console.log('|---|---|---|---|');
    console.log(
      `| seed ${PER_ACCOUNT.toLocaleString('en')} generated contacts into Google | ${g.seconds.toFixed(2)} s | | |`,
    );
    console.log(
      `| seed ${PER_ACCOUNT.toLocaleString('en')} generated contacts into Microsoft | ${m.seconds.toFixed(2)} s | | |`,
    );
    console.log(
      `| \`contact-sync emulate\` holding 50,000 contacts | | ${held.rss.toFixed(0)} MiB RSS now, ${held.peak.toFixed(0)} MiB peak (${before.rss.toFixed(0)} MiB at start); heap after GC ${heapMiB} MiB (${heapBeforeMiB} MiB at start) | |`,
    );
    console.log(
      `| Google connections.list, pageSize=1000 (30 requests) | client median ${googlePage.median.toFixed(1)} ms, p95 ${googlePage.p95.toFixed(1)} ms; time to produce ${googleServer.toFixed(1)} ms | | ${googlePage.items} contacts a page |`,
    );
    console.log(
      `| Microsoft /me/contacts?$top=1000 (30 requests) | client median ${microsoftPage.median.toFixed(1)} ms, p95 ${microsoftPage.p95.toFixed(1)} ms; time to produce ${microsoftServer.toFixed(1)} ms | | ${microsoftPage.items} contacts a page |`,
    );
  } finally {
    emulators.close();
  }
}

await main();
