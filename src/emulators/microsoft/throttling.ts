import type { MicrosoftSettings } from './settings.ts';

export type ThrottleDecision =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'concurrency' | 'rate'; retryAfterSeconds: number };

/**
 * Outlook's limits per app and mailbox: a few requests in flight, and a request budget over a
 * sliding window. Rejected requests are not counted, so a client that waits Retry-After gets in.
 */
export class MailboxThrottle {
  private readonly inFlight = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();

  acquire(key: string, settings: MicrosoftSettings, now: number): ThrottleDecision {
    const running = this.inFlight.get(key) ?? 0;
    if (running >= settings.throttleConcurrentRequests) {
      return { ok: false, reason: 'concurrency', retryAfterSeconds: settings.concurrencyRetryAfterSeconds };
    }
    const windowMs = settings.throttleWindowSeconds * 1000;
    const times = this.windowOf(key, now - windowMs);
    if (times.length >= settings.throttleRequestsPerWindow) {
      const freesAt = (times[times.length - settings.throttleRequestsPerWindow] ?? now) + windowMs;
      return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
    }
    times.push(now);
    this.inFlight.set(key, running + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      },
    };
  }

  reset(): void {
    this.inFlight.clear();
    this.recent.clear();
  }

  private windowOf(key: string, since: number): number[] {
    let times = this.recent.get(key);
    if (!times) {
      times = [];
      this.recent.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && (times[expired] ?? 0) <= since) expired += 1;
    if (expired > 0) times.splice(0, expired);
    return times;
  }
}
