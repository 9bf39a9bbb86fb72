import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

// The web UI as `npm start` serves it, from a build folder of its own so the test can rebuild it.

let dir: string;
let t: TestApp;

async function build(name: string) {
  await writeFile(join(dir, 'assets', `${name}.js`), `console.log(${JSON.stringify(name)});`);
  const index = join(dir, 'index.html');
  await writeFile(index, `<!doctype html><script type="module" src="/assets/${name}.js"></script>`);
  // Two builds within one clock tick would look alike; a rebuild is always later.
  const later = new Date(Date.now() + (name === 'index-old' ? 0 : 5_000));
  await utimes(index, later, later);
}

const get = (url: string) => t.app.inject({ method: 'GET', url });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contact-sync-web-'));
  await mkdir(join(dir, 'assets'));
  await build('index-old');
  t = await startTestApp({}, { webDir: dir });
});

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the web UI', () => {
  it('answers its page for client-side routes, so a reload keeps them', async () => {
    for (const url of [
      '/',
      '/contacts',
      '/contacts/0190a1b2-0000-7000-8000-000000000000',
      '/settings/sync',
    ]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('/assets/index-old.js');
    }
  });

  it('serves its bundle, and a missing bundle or API route is a 404, never the page', async () => {
    const bundle = await get('/assets/index-old.js');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');

    const missing = await get('/assets/index-gone.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'route_not_found' } });
    expect((await get('/assets/')).statusCode).toBe(404);
    const api = await get('/api/no-such-route');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'route_not_found' } });
  });

  it('after a rebuild serves the new page and its new bundle without a restart', async () => {
    await build('index-new');
    const page = await get('/contacts');
    expect(page.body).toContain('/assets/index-new.js');
    const bundle = await get('/assets/index-new.js');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body).toContain('index-new');
  });
});
