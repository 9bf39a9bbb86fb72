import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { currentIndexHtml } from '../../src/server/app.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contact-sync-web-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('serves the index.html of the newest build, without a restart', async () => {
  const path = join(dir, 'index.html');
  await writeFile(path, '<script src="/assets/index-old.js"></script>');
  const indexHtml = currentIndexHtml(path);
  expect(await indexHtml()).toContain('index-old.js');

  // A rebuild writes a new file (and its hashed bundle under another name).
  await writeFile(path, '<script src="/assets/index-new.js"></script>');
  const later = new Date(Date.now() + 5_000);
  await utimes(path, later, later);
  expect(await indexHtml()).toContain('index-new.js');
});
