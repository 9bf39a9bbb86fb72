import { and, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';
import { syncConnections, syncLinks, syncRuns } from '../db/schema.ts';
import { createGoogleConnector } from '../providers/google/index.ts';
import {
  type AccessTokenSource,
  type ProviderConnector,
  ProviderError,
  type ProviderName,
} from '../providers/provider.ts';
import type { EngineDeps } from './engine/engine-deps.ts';
import { runConnection } from './engine/run-connection.ts';
import { SyncJobs } from './jobs.ts';
import { needsRefresh, OAuthClients, type StoredTokens } from './oauth-flow.ts';
import { type ProviderEndpoints, providerEndpoints } from './provider-settings.ts';
import { type Connection, getConnection, updateConnection } from './sync-store.ts';
import { TokenVault } from './token-vault.ts';
import { transactionSql } from './transaction-sql.ts';

/** Longer than the run queue's job expiry (30 min): such a run's worker is gone. */
const ABANDONED_AFTER_MS = 35 * 60 * 1000;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface SyncRuntimeOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** The built-in Google emulator's origin, for demo mode (no Google credentials configured). */
  demoGoogleUrl?: string;
  /** Process sync runs in this process (serve, worker); false for processes that only enqueue. */
  work: boolean;
  /** Runs processed at once by this process. */
  concurrency?: number;
  now?: () => number;
}

const PROVIDERS = ['google', 'microsoft'] as const;
const CONNECTOR_BUILT: Record<ProviderName, boolean> = { google: true, microsoft: false };

export interface ProviderAvailability {
  provider: ProviderName;
  available: boolean;
  /** Backed by the built-in emulator. */
  demo: boolean;
  reason?: 'not-configured' | 'not-supported-yet';
}

/**
 * Everything the sync needs at run time, built once per process: provider endpoints, the token
 * vault, OAuth clients, the job queue and the engine's dependencies.
 */
export class SyncRuntime {
  readonly endpoints: Partial<Record<'google' | 'microsoft', ProviderEndpoints>>;
  readonly oauth = new OAuthClients();

  private constructor(
    private readonly options: SyncRuntimeOptions,
    readonly vault: TokenVault,
    readonly jobs: SyncJobs,
  ) {
    this.endpoints = providerEndpoints(
      options.config,
      options.demoGoogleUrl ? { googleUrl: options.demoGoogleUrl } : {},
    );
  }

  static async start(options: SyncRuntimeOptions): Promise<SyncRuntime> {
    const { config, database, log } = options;
    const vault = config.tokenEncryptionKey
      ? TokenVault.fromKey(config.tokenEncryptionKey)
      : await TokenVault.fromDataDir(config.dataDir);
    const jobs = await SyncJobs.start(database.url, log);
    const runtime = new SyncRuntime(options, vault, jobs);
    if (options.work) {
      await jobs.workRuns((id) => runtime.run(id).then(() => undefined), {
        concurrency: options.concurrency ?? 4,
      });
      await jobs.scheduleTick(async () => {
        await runtime.sweepAbandonedRuns();
        await runtime.enqueueDue();
      });
    }
    return runtime;
  }

  get db(): Db {
    return this.options.database.db;
  }

  get log(): Logger {
    return this.options.log;
  }

  now(): number {
    return this.options.now?.() ?? Date.now();
  }

  engineDeps(): EngineDeps {
    const sync = this.options.config.sync;
    return {
      db: this.db,
      log: this.options.log,
      connectorFor: (connection) => this.connectorFor(connection),
      region: this.options.config.defaultPhoneRegion,
      contactLimit: sync.contactLimit,
      massUnlinkShare: sync.massUnlinkShare,
      pollSeconds: sync.pollSeconds,
      now: () => this.now(),
      random: Math.random,
    };
  }

  /** Runs one connection now, in this process (the job handler; also used by tests and benches). */
  run(connectionId: string) {
    return runConnection(this.engineDeps(), connectionId);
  }

  async enqueueRun(connectionId: string, options: { delaySeconds?: number; tx?: Tx | Db } = {}) {
    await this.jobs.enqueueRun(connectionId, {
      ...(options.delaySeconds ? { delaySeconds: options.delaySeconds } : {}),
      ...(options.tx ? { transaction: transactionSql(options.tx) } : {}),
    });
  }

  /** The periodic tick: every connection whose next run is due gets one. */
  async enqueueDue(): Promise<void> {
    const due = await this.db
      .select({ id: syncConnections.id })
      .from(syncConnections)
      .where(
        and(
          inArray(syncConnections.status, ['initializing', 'running', 'throttled', 'error']),
          lte(syncConnections.nextSyncAt, new Date(this.now())),
        ),
      );
    for (const { id } of due) await this.enqueueRun(id);
  }

  /**
   * Runs whose worker died never finish: after the job queue's expiry they are marked abandoned, so
   * the run history does not show them as still going. Their connection's next run resumes from
   * the saved cursor.
   */
  async sweepAbandonedRuns(): Promise<number> {
    const cutoff = new Date(this.now() - ABANDONED_AFTER_MS);
    const swept = await this.db
      .update(syncRuns)
      .set({ finishedAt: new Date(this.now()), outcome: 'abandoned' })
      .where(and(isNull(syncRuns.finishedAt), lt(syncRuns.startedAt, cutoff)))
      .returning({ id: syncRuns.id });
    if (swept.length > 0) this.log.warn({ count: swept.length }, 'marked runs abandoned by their worker');
    return swept.length;
  }

  /**
   * Which providers a user can connect here: configured (or the demo emulator) and with a connector.
   * Microsoft stays unavailable until its connector exists, even when credentials are set.
   */
  providers(): ProviderAvailability[] {
    return PROVIDERS.map((provider) => {
      const endpoints = this.endpoints[provider];
      if (!CONNECTOR_BUILT[provider])
        return { provider, available: false, demo: false, reason: 'not-supported-yet' };
      if (!endpoints) return { provider, available: false, demo: false, reason: 'not-configured' };
      return { provider, available: true, demo: endpoints.demo };
    });
  }

  endpointsFor(provider: 'google' | 'microsoft'): ProviderEndpoints {
    const endpoints = this.endpoints[provider];
    if (!endpoints) throw new ProviderError('invalid-data', `${provider} is not configured on this server.`);
    return endpoints;
  }

  connectorFor(connection: Connection): ProviderConnector {
    return this.connectorWith(
      connection.provider,
      this.tokenSource(connection, this.endpointsFor(connection.provider)),
    );
  }

  /** A connector with a given token source (the callback checks the account before storing anything). */
  connectorWith(provider: ProviderName, accessToken: AccessTokenSource): ProviderConnector {
    const endpoints = this.endpointsFor(provider);
    switch (provider) {
      case 'google':
        return createGoogleConnector({
          apiBaseUrl: endpoints.apiBaseUrl,
          accessToken,
          region: this.options.config.defaultPhoneRegion,
        });
      case 'microsoft':
        throw new ProviderError('invalid-data', 'The Microsoft connector is not built yet.');
    }
  }

  /**
   * Access tokens for one connection: cached in memory, refreshed before they expire (or when the
   * provider refused one), the new tokens sealed into the database at once, since a provider that
   * rotates refresh tokens may not accept the old one again.
   */
  private tokenSource(connection: Connection, endpoints: ProviderEndpoints) {
    let tokens: StoredTokens | undefined;
    return async (options: { forceRefresh?: boolean } = {}) => {
      if (!tokens) {
        const fresh = await getConnection(this.db, connection.id);
        if (!fresh?.tokens) throw new ProviderError('auth-revoked', 'The connection holds no tokens.');
        tokens = this.vault.open<StoredTokens>(fresh.tokens);
      }
      if (options.forceRefresh || needsRefresh(tokens, this.now())) {
        tokens = await this.oauth.refresh(endpoints, tokens);
        await updateConnection(this.db, connection.id, { tokens: this.vault.seal(tokens) });
      }
      return tokens.accessToken;
    };
  }

  /**
   * A CRM change to contacts: when any is synced, a run is enqueued a few seconds later, in the
   * same transaction as the change (debounced by the queue's one-waiting-run rule).
   */
  async contactsChanged(tx: Tx | Db, ownerId: string, contactIds: string[]): Promise<void> {
    if (contactIds.length === 0) return;
    const [row] = await tx
      .select({ connectionId: syncLinks.connectionId })
      .from(syncLinks)
      .where(
        and(
          eq(syncLinks.ownerId, ownerId),
          sql`${syncLinks.contactId} = any(${sql.param(contactIds)}::uuid[])`,
        ),
      )
      .limit(1);
    if (row)
      await this.enqueueRun(row.connectionId, { delaySeconds: this.options.config.sync.debounceSeconds, tx });
  }

  async stop(): Promise<void> {
    await this.jobs.stop();
  }
}
