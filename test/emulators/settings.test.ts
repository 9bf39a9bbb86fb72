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
