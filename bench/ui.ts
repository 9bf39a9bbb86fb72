/**
 * The Contacts page with 20,000 contacts: time from navigation to the first rows on screen, and
 * from typing a search to its results, in Debian's Chromium.
 *   npx tsx bench/ui.ts
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { googleCsv } from './google-csv.ts';

const PORT = 4321;
const BASE = `http://127.0.0.1:${PORT}`;
const USER = { email: 'bench-ui@example.com', password: 'bench ui password' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'contact-sync-bench-ui-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: String(PORT), DATABASE_URL: '' };
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ['bin/contact-sync.js', ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  let server: ChildProcess | undefined;
  try {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    cli('users', 'create', '--email', USER.email, '--password', USER.password);
    const csv = join(dataDir, 'contacts.csv');
    await writeFile(csv, googleCsv(20_000));
    cli('import', csv, '--user', USER.email);

    server = spawn(process.execPath, ['bin/contact-sync.js', 'serve'], { env, stdio: 'ignore' });
    for (let i = 0; i < 120; i++) {
      if (
        await fetch(`${BASE}/api/health`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    const login = await page.request.post(`${BASE}/api/auth/login`, { data: USER });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);

    const loads: number[] = [];
    const searches: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await page.goto(`${BASE}/contacts`);
      await page
        .getByRole('checkbox', { name: /^Select (?!all)/ })
        .first()
        .waitFor();
      loads.push(performance.now() - started);

      const query = ['lovelace', 'kowalski', 'dubois', 'andersen', 'hopper', 'haddad', 'chen'][i]!;
      const typed = performance.now();
      const answered = page.waitForResponse((r) => r.url().includes(`q=${encodeURIComponent(query)}`));
      await page.getByLabel('Search').fill(query);
      await answered;
      await page
        .getByRole('link', { name: new RegExp(query, 'i') })
        .first()
        .waitFor();
      searches.push(performance.now() - typed);
    }
    await browser.close();

    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, Chromium (Debian), embedded PostgreSQL`,
    );
    console.log('');
    console.log('| scenario | median | worst | runs |');
    console.log('|---|---|---|---|');
    console.log(
      `| Contacts page with 20,000 contacts: navigation → first rows interactive | ${median(loads).toFixed(0)} ms | ${Math.max(...loads).toFixed(0)} ms | ${loads.length} |`,
    );
    console.log(
      `| typing a search → results shown (includes the 300 ms debounce) | ${median(searches).toFixed(0)} ms | ${Math.max(...searches).toFixed(0)} ms | ${searches.length} |`,
    );
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
