import type { FastifyRequest } from 'fastify';
import type { EmulatorCore } from '../shared/emulator-app.ts';
import type { AccessGrant } from '../shared/oauth-grants.ts';
import type { AccountStore } from './account-store.ts';
import type { Mailbox } from './contact-store.ts';
import type { microsoftSettingsSchema } from './settings.ts';
import type { Subscriptions } from './subscriptions.ts';
import type { MailboxThrottle } from './throttling.ts';

export type MicrosoftCore = EmulatorCore<typeof microsoftSettingsSchema>;

/** Everything a Microsoft route needs, made once per emulator. */
export interface MicrosoftContext {
  core: MicrosoftCore;
  accounts: AccountStore;
  subscriptions: Subscriptions;
  throttle: MailboxThrottle;
  /** Seeded dice for delta replays and reordering, separate from the core's fault dice. */
  random: () => number;
}

/** What the API hooks attach to a request once its token is checked. */
export interface Caller {
  grant: AccessGrant;
  mailbox: Mailbox;
}

const CALLER = Symbol('graphCaller');

type WithCaller = FastifyRequest & { [CALLER]?: Caller; accountEmail?: string };

export function setCaller(request: FastifyRequest, caller: Caller): void {
  const tagged = request as WithCaller;
  tagged[CALLER] = caller;
  // The shared request log reads this to attribute requests to accounts.
  tagged.accountEmail = caller.mailbox.profile.email;
}

export function callerOf(request: FastifyRequest): Caller {
  const caller = (request as WithCaller)[CALLER];
  if (!caller) throw new Error('API route reached without an authenticated caller');
  return caller;
}

/** The emulator's own origin as the client reached it, for links and discovery documents. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}
