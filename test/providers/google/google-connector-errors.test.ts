import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AccessTokenSource, ProviderError } from '../../../src/providers/provider.ts';
import { expectConformance, type GoogleKit, startKit } from '../../emulators/google/google-test-kit.ts';
import { connectorFor, fieldsOf } from './connector-kit.ts';

const EMAIL = 'errors@example.com';
let kit: GoogleKit;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  await kit.control('POST', '/accounts', { email: EMAIL });
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

const account = `/accounts/${encodeURIComponent(EMAIL)}`;

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** Mints tokens through the control API; refreshes at the emulator's token endpoint. */
async function mintTokens(): Promise<{ access_token: string; refresh_token: string }> {
  const minted = await kit.control<{ access_token: string; refresh_token: string }>(
    'POST',
    `${account}/tokens`,
    {},
  );
  return minted.body;
}

/** A token source as the OAuth layer provides it: a dead refresh token means auth-revoked. */
function refreshingSource(refreshToken: string): AccessTokenSource {
  return async () => {
    const response = await fetch(`${kit.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: 'control-api',
      }),
    });
    const body = (await response.json()) as { access_token?: string; error?: string };
    if (!body.access_token) throw new ProviderError('auth-revoked', `refresh failed: ${body.error}`);
    return body.access_token;
  };
}

/** Hands out the given tokens in turn, then asks the refreshing source. */
function sequence(tokens: string[], then: AccessTokenSource): AccessTokenSource & { calls: number } {
  const source = Object.assign(
    async () => {
      source.calls += 1;
      return tokens.shift() ?? then();
    },
    { calls: 0 },
  );
  return source;
}

describe('Google connector error classification', () => {
  it('reports an exhausted quota as throttled', async () => {
    await kit.control('PUT', '/settings', { quotas: { fullSyncFirstPagesPerMinute: 1 } });
    const { connector } = await connectorFor(kit, EMAIL);
    await connector.listPage(null, null);

    const error = await failureOf(connector.listPage(null, null));

    expect(error).toMatchObject({
      kind: 'throttled',
      details: { status: 429, providerCode: 'RATE_LIMIT_EXCEEDED' },
    });
    expect(error.details.retryAfterMs).toBeUndefined();
  });

  it('passes Retry-After on as retryAfterMs when Google sends one', async () => {
    await kit.control('PUT', '/settings', { quotas: { fullSyncFirstPagesPerMinute: 1 } });
    const withRetryAfter: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.status !== 429) return response;
      const headers = new Headers(response.headers);
      headers.set('retry-after', '30');
      return new Response(await response.text(), { status: 429, headers });
    };
    const { connector } = await connectorFor(kit, EMAIL, { fetch: withRetryAfter });
    await connector.listPage(null, null);

    const error = await failureOf(connector.listPage(null, null));

    expect(error).toMatchObject({ kind: 'throttled', details: { retryAfterMs: 30_000 } });
  });

  it('reports an injected 503 as temporary', async () => {
    await kit.control('PUT', '/settings', { errorRate: 1 });
    const { connector } = await connectorFor(kit, EMAIL);

    const error = await failureOf(connector.listPage(null, null));

    expect(error).toMatchObject({ kind: 'temporary', details: { status: 503 } });
  });

  it('reports a dropped connection as temporary', async () => {
    await kit.control('PUT', '/settings', { dropRate: 1 });
    const { connector } = await connectorFor(kit, EMAIL);

    const error = await failureOf(connector.getContacts(['people/c1']));

    expect(error.kind).toBe('temporary');
  });

  it('keeps what was written and fails the rest with the account-wide error, sending nothing more', async () => {
    // One batch create costs 6 write units (google-people.md §5): the second batch is refused.
    await kit.control('PUT', '/settings', { quotas: { writesPerMinute: 6 } });
    const { connector, requests } = await connectorFor(kit, EMAIL);
    const writes = Array.from({ length: 450 }, (_, i) => ({
      crmContactId: `c${i}`,
      fields: fieldsOf({ firstName: `P${i}` }),
    }));

    const outcomes = await connector.createContacts(writes);

    expect(outcomes).toHaveLength(450);
    expect(outcomes.slice(0, 200).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(200).every((o) => !o.ok && o.error.kind === 'throttled')).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('reports a revoked grant as auth-revoked once the token source cannot refresh', async () => {
    const tokens = await mintTokens();
    const source = sequence([tokens.access_token], refreshingSource(tokens.refresh_token));
    const { connector } = await connectorFor(kit, EMAIL, { accessToken: source });
    await kit.control('POST', `${account}/revoke`);

    const error = await failureOf(connector.listPage(null, null));

    expect(error.kind).toBe('auth-revoked');
    expect(source.calls).toBe(2);
  });

  it('reports auth-revoked when a fresh token is refused too', async () => {
    const tokens = await mintTokens();
    await kit.control('POST', `${account}/revoke`);
    const source = sequence([], async () => tokens.access_token);
    const { connector, requests } = await connectorFor(kit, EMAIL, { accessToken: source });

    const error = await failureOf(connector.listPage(null, null));

    expect(error).toMatchObject({ kind: 'auth-revoked', details: { status: 401 } });
    expect(requests).toHaveLength(2);
  });

  it('retries once with a fresh token when the access token died early', async () => {
    const tokens = await mintTokens();
    await kit.control('POST', `${account}/expire-access-tokens`);
    const source = sequence([tokens.access_token], refreshingSource(tokens.refresh_token));
    const { connector } = await connectorFor(kit, EMAIL, { accessToken: source });

    const page = await connector.listPage(null, null);

    expect(page.contacts).toEqual([]);
    expect(source.calls).toBe(2);
  });

  it('reports a read-only grant used for a write as missing-scope', async () => {
    const minted = await kit.control<{ access_token: string }>('POST', `${account}/tokens`, {
      scope: 'https://www.googleapis.com/auth/contacts.readonly',
    });
    const { connector } = await connectorFor(kit, EMAIL, {
      accessToken: async () => minted.body.access_token,
    });

    const [outcome] = await connector.createContacts([
      { crmContactId: 'c1', fields: fieldsOf({ firstName: 'X' }) },
    ]);

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'missing-scope', details: { status: 403 } } });
  });
});
