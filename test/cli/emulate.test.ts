import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/contact-sync.js');

describe('contact-sync emulate', () => {
  it('prints both base URLs once they listen, serving discovery and the control API', async () => {
    const child = spawn(process.execPath, [BIN, 'emulate'], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    try {
      const urls = await new Promise<Record<string, string>>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = Object.fromEntries(
            [...output.matchAll(/^(google|microsoft) (http:\/\/127\.0\.0\.1:\d+)$/gm)].map((m) => [
              m[1],
              m[2],
            ]),
          );
          if (found.google && found.microsoft) resolve(found as Record<string, string>);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const google = await fetch(`${urls.google}/.well-known/openid-configuration`);
      expect((await google.json()) as object).toMatchObject({ issuer: urls.google });
      const microsoft = await fetch(`${urls.microsoft}/common/v2.0/.well-known/openid-configuration`);
      expect(microsoft.status).toBe(200);
      for (const url of Object.values(urls)) {
        const created = await fetch(`${url}/_control/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'demo@example.com' }),
        });
        expect(created.status).toBe(201);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
