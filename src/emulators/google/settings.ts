import { z } from 'zod';

const perMinute = z.number().int().min(1);

/** Google-only settings, changed at run time through `PUT /_control/settings` like the common ones. */
export const googleSettingsSchema = z.strictObject({
  /** How long a sync token stays usable; Google documents 7 days "after the full sync". */
  syncTokenTtlSeconds: z
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600),
  /** A write becomes visible to syncToken requests only this long after it was made (full lists see it at once). */
  propagationDelayMs: z.number().int().min(0).default(0),
  /** Google Contacts refuses new contacts past this many per account. */
  maxContactsPerAccount: z.number().int().min(1).default(25_000),
  /** Per-user per-minute quotas, in Google's quota units (a batch create costs 6 reads and 6 writes). */
  quotas: z
    .strictObject({
      /** "Critical read requests (Contact and Profile Reads)"; mutations consume it too. */
      readsPerMinute: perMinute.default(6_000),
      /** "Critical write requests (Contact Creates and Updates)". */
      writesPerMinute: perMinute.default(3_000),
      /** "Write requests (Contact Deletes and Contact Group Writes)". */
      deletesPerMinute: perMinute.default(3_000),
      /** The extra, fixed quota on the first page of a full sync (no pageToken, no syncToken). */
      fullSyncFirstPagesPerMinute: perMinute.default(600),
    })
    .default({
      readsPerMinute: 6_000,
      writesPerMinute: 3_000,
      deletesPerMinute: 3_000,
      fullSyncFirstPagesPerMinute: 600,
    }),
});

export type GoogleSettings = z.output<typeof googleSettingsSchema>;
