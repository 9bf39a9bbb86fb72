import type { FastifyInstance } from 'fastify';
import type { Exchange } from '../conformance/index.ts';
import { createEmulatorCore, type EmulatorCore, registerControlRoutes } from '../shared/emulator-app.ts';
import { ConsentMemory } from './consent-memory.ts';
import type { GoogleContext } from './context.ts';
import { createGoogleControl, registerGoogleControlRoutes } from './control.ts';
import { sendGoogleError, unavailable } from './errors.ts';
import { registerAuthorizeRoutes } from './oauth-routes.ts';
import { registerPeopleApi } from './people-api.ts';
import { GoogleStore } from './person-store.ts';
import { QuotaMeter, quotaExceeded } from './quotas.ts';
import { googleSettingsSchema } from './settings.ts';
import { registerTokenRoutes } from './token-routes.ts';

export type { GoogleStore } from './person-store.ts';
export { googleSettingsSchema } from './settings.ts';

export interface GoogleEmulatorOptions {
  /** Receives every People API request and response (the conformance tests use it). */
  onExchange?: (exchange: Exchange) => void;
  /** Replaces the clock (milliseconds since the epoch), so tests expire tokens without waiting. */
  now?: () => number;
}

export interface GoogleEmulator {
  app: FastifyInstance;
  core: EmulatorCore<typeof googleSettingsSchema>;
  store: GoogleStore;
}

/** Google's OAuth endpoints, People API v1 and the control API on one Fastify app (not listening). */
export function createGoogleEmulator(options: GoogleEmulatorOptions = {}): GoogleEmulator {
  const core = createEmulatorCore({
    provider: 'google',
    providerSettingsSchema: googleSettingsSchema,
    sendUnavailable: (reply) => sendGoogleError(reply, unavailable()),
    // Google documents no Retry-After on its 429s, so the injected ones carry none either.
    sendThrottled: (reply) => sendGoogleError(reply, quotaExceeded('reads', 'emulator')),
    isApiPath: (path) => path.startsWith('/v1/people'),
    onExchange: options.onExchange,
    ...(options.now ? { now: options.now } : {}),
  });
  const store = new GoogleStore(core.now);
  const context: GoogleContext = {
    core,
    store,
    quotas: new QuotaMeter(core.settings, core.now),
    consents: new ConsentMemory(),
  };
  registerControlRoutes(core, createGoogleControl(context));
  registerGoogleControlRoutes(core.app, context);
  registerAuthorizeRoutes(core.app, context);
  registerTokenRoutes(core.app, context);
  registerPeopleApi(context);
  return { app: core.app, core, store };
}

export interface RunningGoogleEmulator {
  /** Origin such as `http://127.0.0.1:41234`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
  core: GoogleEmulator['core'];
  store: GoogleStore;
}

/** Starts the emulator on 127.0.0.1 (or `host`); port 0, the default, picks a free port. */
export async function startGoogleEmulator(
  options: GoogleEmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningGoogleEmulator> {
  const { app, core, store } = createGoogleEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${port}`, close: () => app.close(), core, store };
}
