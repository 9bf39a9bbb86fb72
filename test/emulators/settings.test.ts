import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../../src/emulators/google/index.ts';
import { startMicrosoftEmulator } from '../../src/emulators/microsoft/index.ts';

const emulators: { name: string; url: string; close(): Promise<void> }[] = [];

beforeAll(async () => {
  emulators.push({ name: 'google', ...(await startGoogleEmulator()) });
  emulators.push({ name: 'microsoft', ...(await startMicrosoftEmulator()) });
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

async function put(url: string, body: unknown) {
  const response = await fetch(`${url}/_control/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('control settings', () => {
  it.each(['google', 'microsoft'])(
    '%s: a change leaves the settings it does not name as they were',
    async (name) => {
      const { url } = emulators.find((e) => e.name === name)!;
      await put(url, { errorRate: 0.2, latencyMs: 5 });
      const after = await put(url, { autoConsent: true });
      expect(after.body).toMatchObject({ errorRate: 0.2, latencyMs: 5, autoConsent: true });
      await fetch(`${url}/_control/reset`, { method: 'POST' });
    },
  );

  it.each(['google', 'microsoft'])('%s: an unknown or invalid setting is refused with 400', async (name) => {
    const { url } = emulators.find((e) => e.name === name)!;
    expect((await put(url, { errorRate: 2 })).status).toBe(400);
    expect((await put(url, { nonsense: true })).status).toBe(400);
  });
});

describe('injected throttling', () => {
  it.each([
    ['google', '/v1/people/me/connections?personFields=names', 'RESOURCE_EXHAUSTED', null],
    ['microsoft', '/v1.0/me/contacts', 'TooManyRequests', '7'],
  ])('%s answers its own 429 at throttleRate 1', async (name, path, code, retryAfter) => {
    const { url } = emulators.find((e) => e.name === name)!;
    await fetch(`${url}/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'slow@example.com' }),
    });
    const minted = await fetch(`${url}/_control/accounts/slow%40example.com/tokens`, { method: 'POST' });
    const { access_token: token } = (await minted.json()) as { access_token: string };
    await put(url, { throttleRate: 1, throttleRetryAfterSeconds: 7 });
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
    expect(JSON.stringify(await response.json())).toContain(code);
    const log = (await (await fetch(`${url}/_control/requests`)).json()) as {
      requests: { fault?: string }[];
    };
    expect(log.requests.at(-1)!.fault).toBe('throttled');
    await fetch(`${url}/_control/reset`, { method: 'POST' });
  });
});
