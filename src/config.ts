import { resolve } from 'node:path';
import { z } from 'zod';

const portSchema = z.coerce.number().int().min(0).max(65535);

/** Every setting the product reads, parsed once at start-up from the environment. */
const configSchema = z
  .object({
    PORT: portSchema.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    PUBLIC_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest import file accepted, in bytes (a 20,000-contact Google export is about 4 MB). */
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024),
    /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
    DEFAULT_PHONE_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US or FR')
      .default('US'),
    /** Failed logins allowed per email and address in one window of LOGIN_WINDOW_SECONDS. */
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(24 * 14),
    /** Google OAuth client; without it, "Demo Google" uses the built-in emulator. Both or neither. */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    GOOGLE_ISSUER_URL: z.url().default('https://accounts.google.com'),
    GOOGLE_PEOPLE_API_URL: z.url().default('https://people.googleapis.com'),
    /** 32 random bytes, base64: seals provider tokens. Without it a key is generated into DATA_DIR. */
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    /** How often a Google connection is polled for remote changes, in seconds. */
    SYNC_POLL_SECONDS: z.coerce.number().int().min(5).default(180),
    /** Seconds a CRM change waits before its sync run starts, so a burst of edits makes one run. */
    SYNC_DEBOUNCE_SECONDS: z.coerce.number().int().min(0).default(3),
    /** The most contacts one user may have in sync (PRODUCT.md: 20,000). */
    SYNC_CONTACT_LIMIT: z.coerce.number().int().min(1).default(20_000),
    /** A run that would unlink more than this share of the synced contacts pauses and asks. */
    SYNC_MASS_UNLINK_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.GOOGLE_CLIENT_ID) !== Boolean(c.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_CLIENT_SECRET'],
        message: 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set together or not at all',
      });
    }
  });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string | undefined;
  logLevel: z.output<typeof configSchema>['LOG_LEVEL'];
  importMaxBytes: number;
  defaultPhoneRegion: string;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  sessionTtlHours: number;
  google: { clientId: string; clientSecret: string; issuerUrl: string; peopleApiUrl: string } | undefined;
  tokenEncryptionKey: string | undefined;
  sync: {
    pollSeconds: number;
    debounceSeconds: number;
    contactLimit: number;
    massUnlinkShare: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; reports every problem at once in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    publicUrl: c.PUBLIC_URL,
    logLevel: c.LOG_LEVEL,
    importMaxBytes: c.IMPORT_MAX_BYTES,
    defaultPhoneRegion: c.DEFAULT_PHONE_REGION,
    loginMaxAttempts: c.LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: c.LOGIN_WINDOW_SECONDS,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    google:
      c.GOOGLE_CLIENT_ID && c.GOOGLE_CLIENT_SECRET
        ? {
            clientId: c.GOOGLE_CLIENT_ID,
            clientSecret: c.GOOGLE_CLIENT_SECRET,
            issuerUrl: c.GOOGLE_ISSUER_URL,
            peopleApiUrl: c.GOOGLE_PEOPLE_API_URL,
          }
        : undefined,
    tokenEncryptionKey: c.TOKEN_ENCRYPTION_KEY,
    sync: {
      pollSeconds: c.SYNC_POLL_SECONDS,
      debounceSeconds: c.SYNC_DEBOUNCE_SECONDS,
      contactLimit: c.SYNC_CONTACT_LIMIT,
      massUnlinkShare: c.SYNC_MASS_UNLINK_SHARE,
    },
  };
}
