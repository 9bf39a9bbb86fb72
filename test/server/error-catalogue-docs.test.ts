import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/server/errors.ts';

// docs/errors.md is what API users read; it must name every code the API can answer, with its status.
const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** `| \`code\` | 409 | …` rows of the request-code table. */
function documentedStatuses(): Map<string, number> {
  const rows = docs.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm);
  return new Map([...rows].map((row) => [row[1]!, Number(row[2])]));
}

it('docs/errors.md names every code of the catalogue', () => {
  const missing = Object.keys(ERROR_CATALOGUE).filter((code) => !docs.includes(`\`${code}\``));
  expect(missing).toEqual([]);
});

it('docs/errors.md gives each request code the HTTP status the API answers', () => {
  const documented = documentedStatuses();
  expect(documented.size).toBeGreaterThan(20);
  for (const [code, status] of documented) {
    expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE]?.status, code).toBe(status);
  }
});
