export interface LoggedRequest {
  at: string;
  method: string;
  /** The route template ("GET /v1.0/me/contacts/{id}"), or the raw path when no route matched. */
  endpoint: string;
  path: string;
  status: number;
  durationMs: number;
  account?: string;
  fault?: 'error' | 'drop' | 'throttled';
}

const KEEP = 20_000;

/** The last requests an emulator answered, and counters by endpoint and status since the last reset. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private counters = new Map<string, number>();

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
    const key = `${entry.endpoint} ${entry.status}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }

  list(sinceIso?: string): LoggedRequest[] {
    return sinceIso ? this.entries.filter((e) => e.at > sinceIso) : [...this.entries];
  }

  /** `{ "GET /v1/people/me/connections 200": 12, … }` */
  counts(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  /** How many requests reached endpoints matching `prefix` (e.g. "POST /v1/people:batchCreateContacts"). */
  count(prefix: string): number {
    let total = 0;
    for (const [key, n] of this.counters) if (key.startsWith(prefix)) total += n;
    return total;
  }

  clear(): void {
    this.entries = [];
    this.counters.clear();
  }
}
