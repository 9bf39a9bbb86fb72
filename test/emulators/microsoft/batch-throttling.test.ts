import { describe, expect, it } from 'vitest';
import { call, emulatorForThisFile, newAccount, putSettings, startReceiver, waitFor } from './support.ts';

const emulator = emulatorForThisFile();

type BatchAnswer = {
  responses: Array<{
    id: string;
    status: number;
    headers?: Record<string, string>;
    body?: Record<string, unknown>;
  }>;
};

describe('$batch', () => {
  it('runs dependsOn in order and answers 424 for dependents of a failed request', async () => {
    const { graph } = await newAccount(emulator(), 'batch@contoso.example');
    const answer = await graph('/$batch', {
      method: 'POST',
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: '/me/contacts',
            headers: { 'Content-Type': 'application/json' },
            body: { givenName: 'One' },
          },
          { id: '2', method: 'GET', url: 'me/contacts?$select=givenName', dependsOn: ['1'] },
          { id: '3', method: 'GET', url: '/me/contacts/does-not-exist' },
          { id: '4', method: 'DELETE', url: '/me/contacts/whatever', dependsOn: ['3'] },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const byId = new Map((answer.body as BatchAnswer).responses.map((r) => [r.id, r]));
    expect(byId.get('1')?.status).toBe(201);
    expect(byId.get('2')?.body?.value).toEqual([expect.objectContaining({ givenName: 'One' })]);
    expect(byId.get('3')?.status).toBe(404);
    expect(byId.get('4')?.status).toBe(424);
  });

  it('refuses 21 requests, and duplicate ids, with 400', async () => {
    const { graph } = await newAccount(emulator(), 'batchcap@contoso.example');
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/me/contacts',
    }));
    expect((await graph('/$batch', { method: 'POST', body: { requests } })).status).toBe(400);
    const duplicate = [
      { id: 'a', method: 'GET', url: '/me/contacts' },
      { id: 'A', method: 'GET', url: '/me/contacts' },
    ];
    expect((await graph('/$batch', { method: 'POST', body: { requests: duplicate } })).status).toBe(400);
  });

  it('a body without Content-Type fails the whole batch with 400', async () => {
    const { graph } = await newAccount(emulator(), 'batchct@contoso.example');
    const answer = await graph('/$batch', {
      method: 'POST',
      body: { requests: [{ id: '1', method: 'POST', url: '/me/contacts', body: { givenName: 'X' } }] },
    });
    expect(answer.status).toBe(400);
  });

  it('throttles sub-requests one by one, each 429 with its own Retry-After', async () => {
    const { graph } = await newAccount(emulator(), 'batch429@contoso.example');
    await putSettings(emulator(), { throttleRequestsPerWindow: 3 });
    const requests = Array.from({ length: 5 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/me/contacts',
    }));
    const answer = await graph('/$batch', { method: 'POST', body: { requests } });
    await putSettings(emulator(), { throttleRequestsPerWindow: 10_000 });
    const statuses = (answer.body as BatchAnswer).responses.map((r) => r.status).sort();
    expect(answer.status).toBe(200);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const throttled = (answer.body as BatchAnswer).responses.find((r) => r.status === 429);
    expect(Number(throttled?.headers?.['retry-after'])).toBeGreaterThan(0);
  });
});

describe('throttling', () => {
  it('over the request budget answers 429 TooManyRequests with Retry-After, until the window moves on', async () => {
    const { graph } = await newAccount(emulator(), 'rate@contoso.example');
    await putSettings(emulator(), { throttleRequestsPerWindow: 2, throttleWindowSeconds: 60 });
    await graph('/me/contacts');
    await graph('/me/contacts');
    const throttled = await graph('/me/contacts');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('60');
    expect(throttled.body).toMatchObject({
      error: { code: 'TooManyRequests', innerError: { status: '429' } },
    });
    emulator().clock.advance(61);
    const after = await graph('/me/contacts');
    await putSettings(emulator(), { throttleRequestsPerWindow: 10_000, throttleWindowSeconds: 600 });
    expect(after.status).toBe(200);
  });

  it('over the concurrency limit answers 429 ApplicationThrottled', async () => {
    const slow = await startReceiver('hold');
    const { graph } = await newAccount(emulator(), 'concurrency@contoso.example');
    await putSettings(emulator(), { throttleConcurrentRequests: 1 });
    const body = {
      changeType: 'created',
      notificationUrl: `${slow.url}/hook`,
      resource: 'me/contacts',
      expirationDateTime: new Date(emulator().clock.ms + 3_600_000).toISOString(),
    };
    // The subscription waits on the held validation, so it keeps the mailbox's only slot.
    const holding = graph('/subscriptions', { method: 'POST', body });
    await waitFor(() => slow.posts.length > 0);
    const throttled = await graph('/me/contacts');
    slow.release();
    expect((await holding).status).toBe(201);
    await putSettings(emulator(), { throttleConcurrentRequests: 4 });
    await slow.close();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toEqual(expect.any(String));
    expect(throttled.body).toEqual({
      error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' },
    });
  });
});

describe('injected faults', () => {
  it('errorRate answers 503 serviceNotAvailable in the Graph envelope; errorRates targets one endpoint', async () => {
    const { graph } = await newAccount(emulator(), 'faults@contoso.example');
    await putSettings(emulator(), { errorRate: 1 });
    const failed = await graph('/me/contacts');
    await putSettings(emulator(), { errorRate: 0, errorRates: { 'POST /v1.0/me/contacts': 1 } });
    const listed = await graph('/me/contacts');
    const created = await graph('/me/contacts', { method: 'POST', body: { givenName: 'F' } });
    await putSettings(emulator(), { errorRates: {} });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({
      error: { code: 'serviceNotAvailable', innerError: { 'request-id': expect.any(String) } },
    });
    expect(listed.status).toBe(200);
    expect(created.status).toBe(503);
  });

  it('dropRate closes the connection without an answer', async () => {
    const { graph } = await newAccount(emulator(), 'drops@contoso.example');
    await putSettings(emulator(), { dropRate: 1 });
    const outcome = await graph('/me/contacts').then(
      () => 'answered',
      () => 'dropped',
    );
    await putSettings(emulator(), { dropRate: 0 });
    expect(outcome).toBe('dropped');
    const log = await call<{ requests: Array<{ fault?: string }> }>(`${emulator().url}/_control/requests`);
    expect(log.body.requests.some((r) => r.fault === 'drop')).toBe(true);
  });
});
