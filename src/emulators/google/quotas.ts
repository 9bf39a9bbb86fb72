import { GoogleApiError } from './errors.ts';
import type { GoogleSettings } from './settings.ts';

export type QuotaMetric = 'reads' | 'writes' | 'deletes' | 'fullSyncFirstPages';
export type QuotaCost = Partial<Record<QuotaMetric, number>>;

/** Google's names for each metered quota, as they appear in its 429 message and ErrorInfo. */
const METRICS: Record<QuotaMetric, { title: string; limit: string; metric: string }> = {
  reads: {
    title: 'Critical read requests (Contact and Profile Reads)',
    limit: 'CriticalReadsPerMinutePerProjectPerUser',
    metric: 'people.googleapis.com/critical_read_requests',
  },
  writes: {
    title: 'Critical write requests (Contact Creates and Updates)',
    limit: 'CriticalWritesPerMinutePerProjectPerUser',
    metric: 'people.googleapis.com/critical_write_requests',
  },
  deletes: {
    title: 'Write requests (Contact Deletes and Contact Group Writes)',
    limit: 'WriteRequestsPerMinutePerProjectPerUser',
    metric: 'people.googleapis.com/write_requests',
  },
  // Google documents that this quota exists but not its name; this one is the emulator's.
  fullSyncFirstPages: {
    title: 'Full sync first page requests',
    limit: 'FullSyncFirstPageRequestsPerMinutePerProjectPerUser',
    metric: 'people.googleapis.com/full_sync_first_page_requests',
  },
};

const LIMIT_SETTING: Record<QuotaMetric, keyof GoogleSettings['quotas']> = {
  reads: 'readsPerMinute',
  writes: 'writesPerMinute',
  deletes: 'deletesPerMinute',
  fullSyncFirstPages: 'fullSyncFirstPagesPerMinute',
};

/** Quota costs per call, from Google's guide (a batch of up to 200 costs 6 units, a batch delete 10). */
export const COSTS = {
  read: { reads: 1 },
  fullSyncFirstPage: { reads: 1, fullSyncFirstPages: 1 },
  write: { reads: 1, writes: 1 },
  batchWrite: { reads: 6, writes: 6 },
  delete: { deletes: 1 },
  batchDelete: { deletes: 10 },
} satisfies Record<string, QuotaCost>;

/**
 * Per-user per-minute quota windows. Windows are calendar minutes of the emulator clock, so a fake
 * clock moved past the minute refills them as Google's per-minute quotas do.
 */
export class QuotaMeter {
  private used = new Map<string, { minute: number; units: number }>();

  constructor(
    private readonly settings: () => GoogleSettings,
    private readonly now: () => number,
  ) {}

  /** Charges the cost, or throws Google's 429 without charging anything when one quota would overflow. */
  charge(email: string, cost: QuotaCost, clientId: string): void {
    const minute = Math.floor(this.now() / 60_000);
    const limits = this.settings().quotas;
    const entries = Object.entries(cost) as [QuotaMetric, number][];
    for (const [metric, units] of entries) {
      if (this.usage(email, metric, minute) + units > limits[LIMIT_SETTING[metric]]) {
        throw quotaExceeded(metric, clientId);
      }
    }
    for (const [metric, units] of entries) {
      this.used.set(`${email} ${metric}`, { minute, units: this.usage(email, metric, minute) + units });
    }
  }

  reset(): void {
    this.used.clear();
  }

  private usage(email: string, metric: QuotaMetric, minute: number): number {
    const window = this.used.get(`${email} ${metric}`);
    return window?.minute === minute ? window.units : 0;
  }
}

// Google client ids begin with the project number ("123456789012-abc.apps.googleusercontent.com").
function projectNumber(clientId: string): string {
  return /^(\d+)-/.exec(clientId)?.[1] ?? '000000000000';
}

export function quotaExceeded(metric: QuotaMetric, clientId: string): GoogleApiError {
  const { title, limit, metric: metricName } = METRICS[metric];
  const project = projectNumber(clientId);
  return new GoogleApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${title}' and limit '${title} per minute per user' of service 'people.googleapis.com' for consumer 'project_number:${project}'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          quota_limit: limit,
          quota_metric: metricName,
          service: 'people.googleapis.com',
          consumer: `projects/${project}`,
        },
      },
    ],
  );
}
