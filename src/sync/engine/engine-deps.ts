import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { ProviderConnector } from '../../providers/provider.ts';
import type { Connection } from '../sync-store.ts';

/** What a sync run needs from the outside; tests and workers build it the same way. */
export interface EngineDeps {
  db: Db;
  log: Logger;
  connectorFor(connection: Connection): ProviderConnector;
  /** Phone region for numbers written without a country code. */
  region: string;
  /** The most contacts one user may have in sync. */
  contactLimit: number;
  /** A run that would unlink more than this share of the synced contacts pauses and asks. */
  massUnlinkShare: number;
  /** Seconds between polls of a connection that is up to date. */
  pollSeconds: number;
  now(): number;
  random(): number;
}
