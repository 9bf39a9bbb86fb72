import { z } from 'zod';

const rate = z.number().min(0).max(1);

/** Microsoft-only settings, changed at run time through `PUT /_control/settings` like the common ones. */
export const microsoftSettingsSchema = z.strictObject({
  /** Graph's Outlook limit: requests one app may have in flight against one mailbox. */
  throttleConcurrentRequests: z.number().int().min(1).default(4),
  /** Requests one app may make against one mailbox per window (Outlook: 10,000 per 10 minutes). */
  throttleRequestsPerWindow: z.number().int().min(1).default(10_000),
  throttleWindowSeconds: z.number().int().min(1).default(600),
  /** Retry-After sent with a MailboxConcurrency 429: the service only says "later". */
  concurrencyRetryAfterSeconds: z.number().int().min(0).default(1),
  /** Delta sync-state generations kept per folder; older links answer 410 SyncStateNotFound. */
  deltaTokenGenerationsKept: z.number().int().min(1).default(3),
  /** Page size when the client sends no `Prefer: odata.maxpagesize` (and `$top` on lists). */
  defaultPageSize: z.number().int().min(1).default(10),
  /** The most a delta page holds whatever the client prefers (about 200 on the real service). */
  deltaMaxPageSize: z.number().int().min(1).default(200),
  /** The largest `$top` honoured on contact lists. */
  listMaxPageSize: z.number().int().min(1).default(1000),
  /** Share of delta entries sent a second time later in the same round. */
  deltaReplayRate: rate.default(0),
  /** Share of updated delta entries followed by their previous version. */
  deltaOutOfOrderRate: rate.default(0),
  /** Longest subscription lifetime for contacts; 4230 in the stored docs, 10080 in newer ones. */
  subscriptionMaxLifetimeMinutes: z.number().int().min(45).default(4230),
  /** How long the notification endpoint has to echo the validation token. */
  subscriptionValidationTimeoutMs: z.number().int().min(1).default(10_000),
  /** Delay between retries of a failed notification POST; one retry per entry. */
  notificationRetryDelaysMs: z.array(z.number().int().min(0)).default([1000, 5000]),
  /** Refresh tokens unused for this long answer AADSTS700082 (90 days on the real service). */
  refreshTokenLifetimeSeconds: z
    .number()
    .int()
    .min(1)
    .default(90 * 24 * 3600),
});

export type MicrosoftSettings = z.output<typeof microsoftSettingsSchema>;
