import { z } from 'zod';

const rate = z.number().min(0).max(1);

/** Settings shared by both emulators, changed at run time through `PUT /_control/settings`. */
export const commonSettingsSchema = z.strictObject({
  /** Authorize redirects back at once, as if the person clicked Allow. */
  autoConsent: z.boolean().default(false),
  /** Added to every API and OAuth request before it is answered. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of API requests answered with the provider's "service unavailable" error. */
  errorRate: rate.default(0),
  /** Per endpoint (route template such as "GET /v1/people/me/connections"), overriding errorRate. */
  errorRates: z.record(z.string(), rate).default({}),
  /** Share of API requests answered with the provider's 429 ("slow down"). */
  throttleRate: rate.default(0),
  /** The Retry-After those 429s carry, where the provider sends one. */
  throttleRetryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Share of API requests whose connection is closed without an answer. */
  dropRate: rate.default(0),
  /** Seed of the fault-injection dice, so a failing run can be replayed. */
  seed: z.number().int().default(1),
  accessTokenTtlSeconds: z.number().int().min(1).default(3600),
  /** Registered OAuth clients; null accepts any client id and secret. */
  clients: z
    .array(
      z.strictObject({
        clientId: z.string().min(1),
        clientSecret: z.string().optional(),
        redirectUris: z.array(z.string()).optional(),
      }),
    )
    .nullable()
    .default(null),
});

export type CommonSettings = z.output<typeof commonSettingsSchema>;
export type RegisteredClient = NonNullable<CommonSettings['clients']>[number];
