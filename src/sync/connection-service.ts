import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { legacyIntegrations, syncConnections } from '../db/schema.ts';
import type { ProviderName } from '../providers/provider.ts';
import { AppError } from '../server/errors.ts';
import {
  confirmed,
  connectionCreated,
  paused,
  reauthorized,
  resumed,
  type Transition,
} from './decisions/index.ts';
import { moveTo, stateOf } from './engine/run-connection.ts';
import { listLegacyIntegrations } from './legacy-integrations.ts';
import type { StoredTokens } from './oauth-flow.ts';
import type { SyncRuntime } from './sync-runtime.ts';
import { type Connection, contactCounts, getConnectionByOwner, updateConnection } from './sync-store.ts';

export interface ConnectionStatusView {
  provider: ProviderName;
  accountEmail: string;
  status: string;
  pausedReason: string | null;
  demo: boolean;
  progress: { done: number; total: number };
  syncedCount: number;
  skippedOverLimit: number;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  throttledUntil: string | null;
  lastError: { message: string; at: string; nextRetryAt?: string } | null;
}

/** Starts connecting (or reauthorizing): the browser is sent to the returned authorize URL. */
export async function startConnecting(
  runtime: SyncRuntime,
  input: {
    ownerId: string;
    sessionToken: string;
    provider: ProviderName;
    email: string;
    redirectUri: string;
  },
): Promise<{ authorizeUrl: string }> {
  const legacy = await runtime.db
    .select({ id: legacyIntegrations.id })
    .from(legacyIntegrations)
    .where(eq(legacyIntegrations.ownerId, input.ownerId))
    .limit(1);
  if (legacy.length > 0) throw new AppError('sync_legacy_integration');
  const existing = await getConnectionByOwner(runtime.db, input.ownerId);
  const reauthorizing = existing?.status === 'needs-reauthorization' && existing.provider === input.provider;
  if (existing && !reauthorizing) throw new AppError('sync_connection_exists');
  const availability = runtime.providers().find((p) => p.provider === input.provider);
  const endpoints = runtime.endpoints[input.provider];
  if (!availability?.available || !endpoints) {
    throw new AppError(
      'sync_provider_unavailable',
      availability?.reason === 'not-supported-yet'
        ? `Contact Sync cannot sync with ${PROVIDER_NAME[input.provider]} yet.`
        : `${PROVIDER_NAME[input.provider]} is not configured on this server.`,
    );
  }
  if (endpoints.demo) await prepareDemoAccount(endpoints.apiBaseUrl, input.email);
  const authorizeUrl = await runtime.oauth.start(runtime.db, {
    ownerId: input.ownerId,
    sessionToken: input.sessionToken,
    settings: endpoints,
    email: input.email,
    redirectUri: input.redirectUri,
  });
  return { authorizeUrl };
}

/** Demo mode: the emulator account exists and holds sample contacts before the consent screen. */
async function prepareDemoAccount(emulatorUrl: string, email: string) {
  const created = await fetch(`${emulatorUrl}/_control/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const listed = await fetch(`${emulatorUrl}/_control/accounts/${encodeURIComponent(email)}/contacts`);
  const { contacts } = (await listed.json()) as { contacts: unknown[] };
  if (created.ok && contacts.length === 0) {
    await fetch(`${emulatorUrl}/_control/accounts/${encodeURIComponent(email)}/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 250, seed: 7, duplicateRate: 0.02 }),
    });
  }
}

export type CallbackOutcome = 'connected' | 'reauthorized' | 'denied' | 'account-mismatch';

/** The provider sent the browser back: check the account, store the sealed tokens, start syncing. */
export async function finishConnecting(
  runtime: SyncRuntime,
  input: { sessionToken: string | undefined; callbackUrl: URL },
): Promise<CallbackOutcome> {
  const result = await runtime.oauth.finish(runtime.db, {
    sessionToken: input.sessionToken,
    callbackUrl: input.callbackUrl,
    settingsFor: (provider) => runtime.endpointsFor(provider),
  });
  if (!result.ok) return 'denied';
  const sealed = runtime.vault.seal(result.tokens);
  const signedIn =
    result.signedInEmail ?? (await accountEmailFromApi(runtime, result.provider, result.tokens));
  if (signedIn?.toLowerCase() !== result.expectedEmail.toLowerCase()) return 'account-mismatch';

  const existing = await getConnectionByOwner(runtime.db, result.ownerId);
  if (existing) {
    await moveTo(runtime, existing, reauthorized(stateOf(existing)), {
      tokens: sealed,
      failedAttempts: 0,
      nextSyncAt: new Date(runtime.now()),
    });
    await runtime.enqueueRun(existing.id);
    return 'reauthorized';
  }
  const id = randomUUID();
  await runtime.db.transaction(async (tx) => {
    await tx.insert(syncConnections).values({
      ownerId: result.ownerId,
      id,
      provider: result.provider,
      accountEmail: result.expectedEmail.toLowerCase(),
      status: connectionCreated().status,
      tokens: sealed,
      nextSyncAt: new Date(runtime.now()),
    });
    await runtime.enqueueRun(id, { tx });
  });
  return 'connected';
}

async function accountEmailFromApi(runtime: SyncRuntime, provider: ProviderName, tokens: StoredTokens) {
  try {
    return await runtime.connectorWith(provider, async () => tokens.accessToken).accountEmail();
  } catch {
    return undefined;
  }
}

const PROVIDER_NAME: Record<ProviderName, string> = { google: 'Google', microsoft: 'Microsoft' };

/**
 * Everything the Contact Sync tab shows in one answer: the connection or null (not an error: "not
 * connected" is a normal state), the older integrations that block connecting, and the providers
 * this server can connect.
 */
export async function syncOverview(runtime: SyncRuntime, ownerId: string) {
  const connection = await getConnectionByOwner(runtime.db, ownerId);
  return {
    connection: connection ? await statusView(runtime, connection) : null,
    legacyIntegrations: await listLegacyIntegrations(runtime.db, ownerId),
    providers: runtime.providers(),
  };
}

export async function connectionStatus(runtime: SyncRuntime, ownerId: string): Promise<ConnectionStatusView> {
  return statusView(runtime, await requireConnection(runtime, ownerId));
}

async function statusView(runtime: SyncRuntime, connection: Connection): Promise<ConnectionStatusView> {
  const counts = await contactCounts(runtime.db, connection.id);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    provider: connection.provider,
    accountEmail: connection.accountEmail,
    status: connection.status,
    pausedReason: connection.pausedReason,
    demo: runtime.endpoints[connection.provider]?.demo ?? false,
    progress: {
      done: connection.progressDone,
      total: Math.max(connection.progressTotal, connection.progressDone),
    },
    syncedCount: counts.synced,
    skippedOverLimit: counts.leftOut,
    lastSyncAt: iso(connection.lastSyncAt),
    nextSyncAt: iso(connection.nextSyncAt),
    throttledUntil: iso(connection.throttledUntil),
    lastError: connection.lastError ?? null,
  };
}

async function requireConnection(runtime: SyncRuntime, ownerId: string): Promise<Connection> {
  const connection = await getConnectionByOwner(runtime.db, ownerId);
  if (!connection) throw new AppError('sync_not_connected');
  return connection;
}

async function apply(runtime: SyncRuntime, connection: Connection, transition: Transition, extra = {}) {
  if (!transition.accepted) throw new AppError('sync_invalid_state', transition.reason);
  await moveTo(runtime, connection, transition, extra);
}

/** Sync now: a run as soon as a worker is free (a throttle the provider asked for still holds). */
export async function syncNow(runtime: SyncRuntime, ownerId: string) {
  const connection = await requireConnection(runtime, ownerId);
  if (connection.status === 'paused' || connection.status === 'needs-reauthorization') {
    throw new AppError('sync_invalid_state', `The connection is ${connection.status}.`);
  }
  // A run would be skipped until then (the provider's pace is respected): say so, do not pretend.
  if (connection.throttledUntil && connection.throttledUntil.getTime() > runtime.now()) {
    throw new AppError(
      'sync_invalid_state',
      `${PROVIDER_NAME[connection.provider]} asked us to slow down; the sync goes on by itself at ${connection.throttledUntil.toISOString()}.`,
    );
  }
  await updateConnection(runtime.db, connection.id, { nextSyncAt: new Date(runtime.now()) });
  await runtime.enqueueRun(connection.id);
}

export async function pauseSync(runtime: SyncRuntime, ownerId: string) {
  const connection = await requireConnection(runtime, ownerId);
  await apply(runtime, connection, paused(stateOf(connection)));
}

export async function resumeSync(runtime: SyncRuntime, ownerId: string) {
  const connection = await requireConnection(runtime, ownerId);
  await apply(runtime, connection, resumed(stateOf(connection), runtime.now()), {
    nextSyncAt: new Date(runtime.now()),
  });
  await runtime.enqueueRun(connection.id);
}

/** The user confirmed the unlinks the guard stopped: the next run makes them. */
export async function confirmUnlinks(runtime: SyncRuntime, ownerId: string) {
  const connection = await requireConnection(runtime, ownerId);
  await apply(runtime, connection, confirmed(stateOf(connection), runtime.now()), {
    unlinksConfirmed: true,
    nextSyncAt: new Date(runtime.now()),
  });
  await runtime.enqueueRun(connection.id);
}

/** Disconnect: revoke at the provider when possible, forget the connection, keep every contact. */
export async function disconnect(runtime: SyncRuntime, ownerId: string) {
  const connection = await requireConnection(runtime, ownerId);
  const endpoints = runtime.endpoints[connection.provider];
  if (endpoints && connection.tokens) {
    try {
      await runtime.oauth.revoke(endpoints, runtime.vault.open(connection.tokens));
    } catch (error: unknown) {
      // The local disconnect must not depend on the provider answering.
      runtime.log.warn(
        { connectionId: connection.id, err: error },
        'revoking the tokens at the provider failed',
      );
    }
  }
  await runtime.db.delete(syncConnections).where(eq(syncConnections.id, connection.id));
}
