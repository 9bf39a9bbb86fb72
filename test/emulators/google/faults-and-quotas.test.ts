import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectConformance, type GoogleKit, startKit } from './google-test-kit.ts';

const EMAIL = 'busy@example.com';
const LIST = '/v1/people/me/connections?personFields=names';
let kit: GoogleKit;
let token: string;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  token = await kit.signIn(EMAIL);
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

describe('quotas', () => {
  it('answers reads past the per-minute quota with 429 RESOURCE_EXHAUSTED and refills the next minute', async () => {
    await kit.control('PUT', '/settings', { quotas: { readsPerMinute: 2 } });
    const next = `${LIST}&requestSyncToken=false&pageSize=10`;
    expect((await kit.api(token, 'GET', next)).status).toBe(200);
    expect((await kit.api(token, 'GET', next)).status).toBe(200);
    const refused = await kit.api(token, 'GET', next);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: expect.stringContaining(
          "Quota exceeded for quota metric 'Critical read requests (Contact and Profile Reads)'",
        ),
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: {
              quota_metric: 'people.googleapis.com/critical_read_requests',
              service: 'people.googleapis.com',
            },
          },
        ],
      },
    });
    kit.clock.advance(60);
    token = await kit.signIn(EMAIL);
    expect((await kit.api(token, 'GET', next)).status).toBe(200);
  });

  it('limits the first page of full syncs separately', async () => {
    await kit.control('PUT', '/settings', { quotas: { fullSyncFirstPagesPerMinute: 1 } });
    expect((await kit.api(token, 'GET', LIST)).status).toBe(200);
    const refused = await kit.api(token, 'GET', LIST);
    expect(refused.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
  });

  it('charges a batch create six write units', async () => {
    await kit.control('PUT', '/settings', { quotas: { writesPerMinute: 10 } });
    const batch = { contacts: [{ contactPerson: { names: [{ givenName: 'A' }] } }], readMask: 'names' };
    expect((await kit.api(token, 'POST', '/v1/people:batchCreateContacts', batch)).status).toBe(200);
    const second = await kit.api(token, 'POST', '/v1/people:batchCreateContacts', batch);
    expect(second.status).toBe(429);
    expect(JSON.stringify(second.body)).toContain('critical_write_requests');
  });
});

describe('injected faults', () => {
  it('answers injected errors with 503 UNAVAILABLE in Google’s envelope and logs them', async () => {
    await kit.control('PUT', '/settings', { errorRates: { 'GET /v1/people/me/connections': 1 } });
    const failed = await kit.api(token, 'GET', LIST);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({
      error: { code: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
    });
    const log = await kit.control<{ requests: { fault?: string }[] }>('GET', '/requests');
    expect(log.body.requests.at(-1)!.fault).toBe('error');
  });

  it('holds every answer back by latencyMs', async () => {
    await kit.control('PUT', '/settings', { latencyMs: 150 });
    const started = performance.now();
    expect((await kit.api(token, 'GET', LIST)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    await kit.control('PUT', '/settings', { latencyMs: 0 });
  });

  it('closes the connection without an answer at dropRate 1', async () => {
    await kit.control('PUT', '/settings', { dropRate: 1 });
    await expect(kit.api(token, 'GET', LIST)).rejects.toThrow();
    await kit.control('PUT', '/settings', { dropRate: 0 });
    expect((await kit.api(token, 'GET', LIST)).status).toBe(200);
  });

  it('answers a missing or unknown access token with 401 UNAUTHENTICATED', async () => {
    const unknown = await kit.api('ya29.unknown', 'GET', LIST);
    expect(unknown.body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('refuses writes with a read-only token as PERMISSION_DENIED', async () => {
    const readOnly = await kit.signIn(EMAIL, 'https://www.googleapis.com/auth/contacts.readonly');
    expect((await kit.api(readOnly, 'GET', LIST)).status).toBe(200);
    const write = await kit.api(readOnly, 'POST', '/v1/people:createContact', {
      names: [{ givenName: 'X' }],
    });
    expect(write.body).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });
});
