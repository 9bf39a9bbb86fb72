import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Exchange } from '../conformance/index.ts';
import { createEmulatorCore, registerControlRoutes } from '../shared/emulator-app.ts';
import { seededRandom } from '../shared/random.ts';
import { AccountStore } from './account-store.ts';
import { registerApiHooks } from './api-hooks.ts';
import { registerBatchRoute } from './batch.ts';
import { registerContactRoutes } from './contact-routes.ts';
import type { MicrosoftContext, MicrosoftCore } from './context.ts';
import { microsoftControl, registerMicrosoftControlRoutes } from './control.ts';
import { sendGraphError, sendTooManyRequests } from './errors.ts';
import { registerFolderRoutes } from './folder-routes.ts';
import { registerOAuthRoutes } from './oauth-routes.ts';
import { registerProfileRoutes } from './profile-routes.ts';
import { microsoftSettingsSchema } from './settings.ts';
import { registerSubscriptionRoutes } from './subscription-routes.ts';
import { Subscriptions } from './subscriptions.ts';
import { MailboxThrottle } from './throttling.ts';

export { EXTENDED_PHONE_IDS } from './from-generated.ts';
export { microsoftSettingsSchema } from './settings.ts';

export interface MicrosoftEmulatorOptions {
  /** Receives every Graph request and response, for conformance checks in tests. */
  onExchange?: (exchange: Exchange) => void;
  /** The emulator's clock in epoch milliseconds; tests pass a fake one to expire tokens. */
  now?: () => number;
}

export interface MicrosoftEmulator {
  app: FastifyInstance;
  core: MicrosoftCore;
  store: AccountStore;
}

/** Graph v1.0 personal contacts and the identity platform v2.0, as one Fastify app (not listening). */
export function createMicrosoftEmulator(options: MicrosoftEmulatorOptions = {}): MicrosoftEmulator {
  let clock: () => number = options.now ?? Date.now;
  const core = createEmulatorCore({
    provider: 'microsoft',
    providerSettingsSchema: microsoftSettingsSchema,
    sendUnavailable: (reply: FastifyReply) =>
      sendGraphError(
        reply.request,
        reply,
        { status: 503, code: 'serviceNotAvailable', message: 'Service unavailable.' },
        clock(),
      ),
    sendThrottled: (reply: FastifyReply, retryAfterSeconds: number) =>
      sendTooManyRequests(reply.request, reply, retryAfterSeconds, clock()),
    isApiPath: (path) => path.startsWith('/v1.0/'),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  clock = core.now;
  const accounts = new AccountStore(core.now);
  const subscriptions = new Subscriptions({ settings: core.settings, now: core.now, accounts });
  accounts.onChange((mailbox, change) => subscriptions.notify(mailbox, change));
  let dice = seededRandom(core.settings().seed);
  const context: MicrosoftContext = {
    core,
    accounts,
    subscriptions,
    throttle: new MailboxThrottle(),
    random: () => dice(),
  };
  const control = microsoftControl(context);
  registerControlRoutes(core, {
    ...control,
    reset: () => {
      control.reset();
      dice = seededRandom(core.settings().seed);
    },
  });
  registerMicrosoftControlRoutes(core.app, context);
  registerOAuthRoutes(core.app, context);
  void core.app.register(
    async (api) => {
      registerApiHooks(api, context);
      registerProfileRoutes(api);
      registerContactRoutes(api, context);
      registerFolderRoutes(api, context);
      registerSubscriptionRoutes(api, context);
      registerBatchRoute(api, core.app);
    },
    { prefix: '/v1.0' },
  );
  core.app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/v1.0/'))
      return reply.code(404).send({ error: { code: 404, message: `No route ${path}.` } });
    const segment = path.split('/').filter(Boolean).at(-1) ?? '';
    return sendGraphError(
      request,
      reply,
      { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${segment}'.` },
      core.now(),
    );
  });
  return { app: core.app, core, store: accounts };
}

export interface RunningMicrosoftEmulator {
  /** `http://127.0.0.1:<port>`: both the login and the Graph origin. */
  url: string;
  close(): Promise<void>;
  core: MicrosoftCore;
  store: AccountStore;
}

export async function startMicrosoftEmulator(
  options: MicrosoftEmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningMicrosoftEmulator> {
  const { app, core, store } = createMicrosoftEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      store.clear();
      await app.close();
    },
    core,
    store,
  };
}
