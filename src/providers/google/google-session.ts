import type { PeopleClient } from './people-client.ts';
import type { PersonCache } from './person-cache.ts';
import type { WriteOptions } from './person-writing.ts';

/** What the connector's operations share for one Google account. */
export interface GoogleSession {
  client: PeopleClient;
  cache: PersonCache;
  writeOptions: WriteOptions;
}
