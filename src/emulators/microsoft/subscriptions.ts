import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccountStore } from './account-store.ts';
import type { ContactChange, Mailbox } from './contact-store.ts';
import { badRequest, GraphError, notFound } from './errors.ts';
import type { MicrosoftSettings } from './settings.ts';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface Subscription {
  id: string;
  email: string;
  folderId: string;
  resource: string;
  changeTypes: Set<string>;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiresAt: number;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  /** Created with `Prefer: IdType="ImmutableId"`, so notifications carry immutable ids. */
  immutableIds: boolean;
}

const MIN_LIFETIME_MS = 45 * 60 * 1000;
const MAX_PER_MAILBOX = 1000;
const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
/** A bulk change (a seed of thousands) still reaches the endpoint in POSTs of a sensible size. */
const NOTIFICATIONS_PER_POST = 100;

const createBody = z.object({
  changeType: z.string().min(1),
  notificationUrl: z.string().url(),
  lifecycleNotificationUrl: z.string().url().nullable().optional(),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z.string().max(128).nullable().optional(),
  latestSupportedTlsVersion: z.string().nullable().optional(),
  includeResourceData: z.boolean().nullable().optional(),
});

export interface SubscriptionEnv {
  settings(): MicrosoftSettings;
  now(): number;
  accounts: AccountStore;
}

/**
 * Webhook subscriptions on contact folders: the validation handshake, lifetimes, change
 * notifications batched per endpoint, and lifecycle notifications on demand.
 */
export class Subscriptions {
  private readonly all = new Map<string, Subscription>();
  private readonly pending = new Map<string, object[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private flushScheduled = false;

  constructor(private readonly env: SubscriptionEnv) {}

  async create(
    mailbox: Mailbox,
    applicationId: string,
    body: unknown,
    immutableIds: boolean,
  ): Promise<Subscription> {
    const input = parseBody(body);
    const changeTypes = parseChangeTypes(input.changeType);
    const folderId = this.resolveResource(mailbox, input.resource);
    if (input.includeResourceData) {
      throw badRequest('Rich notifications with resource data are not emulated.', 'ExtensionError');
    }
    if (this.forMailbox(mailbox.profile.email).length >= MAX_PER_MAILBOX) {
      throw new GraphError(
        403,
        'ExtensionError',
        'The maximum number of subscriptions for this mailbox was reached.',
      );
    }
    const expiresAt = this.checkExpiration(input.expirationDateTime);
    await this.validate(input.notificationUrl);
    if (input.lifecycleNotificationUrl) await this.validate(input.lifecycleNotificationUrl);
    const subscription: Subscription = {
      id: randomUUID(),
      email: mailbox.profile.email,
      folderId,
      resource: input.resource,
      changeTypes,
      changeType: input.changeType,
      clientState: input.clientState ?? null,
      notificationUrl: input.notificationUrl,
      lifecycleNotificationUrl: input.lifecycleNotificationUrl ?? null,
      expiresAt,
      applicationId,
      creatorId: mailbox.profile.userId,
      latestSupportedTlsVersion: input.latestSupportedTlsVersion ?? 'v1_2',
      immutableIds,
    };
    this.all.set(subscription.id, subscription);
    return subscription;
  }

  get(mailbox: Mailbox, id: string): Subscription {
    const subscription = this.all.get(id);
    if (
      !subscription ||
      subscription.email !== mailbox.profile.email ||
      subscription.expiresAt <= this.env.now()
    ) {
      throw new GraphError(404, 'ResourceNotFound', `The object was not found.`);
    }
    return subscription;
  }

  renew(mailbox: Mailbox, id: string, body: unknown): Subscription {
    const subscription = this.get(mailbox, id);
    const parsed = z.object({ expirationDateTime: z.string() }).safeParse(body);
    if (!parsed.success) throw badRequest('expirationDateTime is required.', 'InvalidRequest');
    subscription.expiresAt = this.checkExpiration(parsed.data.expirationDateTime);
    return subscription;
  }

  remove(mailbox: Mailbox, id: string): void {
    this.get(mailbox, id);
    this.all.delete(id);
  }

  forMailbox(email: string): Subscription[] {
    const now = this.env.now();
    return [...this.all.values()].filter((s) => s.email === email && s.expiresAt > now);
  }

  /** Queues a notification for every live subscription watching the changed folder. */
  notify(mailbox: Mailbox, change: ContactChange): void {
    for (const subscription of this.forMailbox(mailbox.profile.email)) {
      if (subscription.folderId !== change.folderId || !subscription.changeTypes.has(change.kind)) continue;
      const list = this.pending.get(subscription.notificationUrl) ?? [];
      list.push(this.changeNotification(mailbox, subscription, change));
      this.pending.set(subscription.notificationUrl, list);
    }
    if (this.pending.size > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      // Changes made in one go (a seed, a batch) reach the endpoint as one POST, as Graph batches them.
      setImmediate(() => this.flush());
    }
  }

  /** Sends a lifecycle event to each subscription of the account that has a lifecycle URL. */
  async lifecycle(
    mailbox: Mailbox,
    event: LifecycleEvent,
    subscriptionId?: string,
  ): Promise<Array<{ subscriptionId: string; status: number }>> {
    const targets = this.forMailbox(mailbox.profile.email).filter(
      (s) => s.lifecycleNotificationUrl && (subscriptionId === undefined || s.id === subscriptionId),
    );
    if (subscriptionId !== undefined && targets.length === 0)
      throw notFound('No such subscription with a lifecycle URL.');
    const results = [];
    for (const subscription of targets) {
      const payload = { value: [{ ...this.envelope(mailbox, subscription), lifecycleEvent: event }] };
      const status = await this.post(subscription.lifecycleNotificationUrl ?? '', payload);
      if (event === 'subscriptionRemoved') this.all.delete(subscription.id);
      results.push({ subscriptionId: subscription.id, status });
    }
    return results;
  }

  reset(): void {
    this.all.clear();
    this.pending.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private resolveResource(mailbox: Mailbox, resource: string): string {
    const path = resource.replace(/^\/+/, '').replace(/^v1\.0\//i, '');
    const match = /^(?:me|users\/([^/]+))\/(?:contactFolders\/([^/]+)\/)?contacts$/i.exec(path);
    if (!match)
      throw badRequest(`Resource '${resource}' is not supported for change notifications.`, 'ExtensionError');
    const user = match[1]?.toLowerCase();
    if (user && user !== mailbox.profile.email && user !== mailbox.profile.userId.toLowerCase()) {
      throw new GraphError(403, 'ExtensionError', 'Access to the resource of another user is denied.');
    }
    return match[2] ? mailbox.folder(match[2]).id : mailbox.defaultFolder.id;
  }

  private checkExpiration(value: string): number {
    const at = Date.parse(value);
    const now = this.env.now();
    if (Number.isNaN(at)) throw badRequest(`'${value}' is not a valid expirationDateTime.`, 'InvalidRequest');
    if (at <= now) throw badRequest('Subscription expiration date must be in the future.', 'InvalidRequest');
    const maxMinutes = this.env.settings().subscriptionMaxLifetimeMinutes;
    if (at > now + maxMinutes * 60_000) {
      throw badRequest(
        `Subscription expiration can only be ${maxMinutes} minutes in the future.`,
        'ExtensionError',
      );
    }
    return Math.max(at, now + MIN_LIFETIME_MS);
  }

  /** Graph's handshake: the endpoint must echo the decoded token as text/plain with 200, in time. */
  private async validate(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    const failed = badRequest(
      'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      'ValidationError',
    );
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.env.settings().subscriptionValidationTimeoutMs),
      });
      const body = await response.text();
      const plain = (response.headers.get('content-type') ?? '').startsWith('text/plain');
      if (response.status !== 200 || !plain || body !== token) throw failed;
    } catch {
      throw failed;
    }
  }

  private envelope(mailbox: Mailbox, subscription: Subscription) {
    return {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
      tenantId: this.env.accounts.tenantOf(mailbox),
      clientState: subscription.clientState,
    };
  }

  private changeNotification(mailbox: Mailbox, subscription: Subscription, change: ContactChange) {
    const id = subscription.immutableIds ? change.contact.immutableId : change.restId;
    const resource = `Users/${mailbox.profile.userId}/Contacts/${id}`;
    return {
      id: randomUUID(),
      ...this.envelope(mailbox, subscription),
      changeType: change.kind,
      resource,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Contact',
        '@odata.id': resource,
        '@odata.etag': `W/"${change.contact.current.changeKey}"`,
        id,
      },
    };
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [url, value] of batches) {
      for (let start = 0; start < value.length; start += NOTIFICATIONS_PER_POST) {
        void this.deliver(url, { value: value.slice(start, start + NOTIFICATIONS_PER_POST) }, 0);
      }
    }
  }

  /** Failed deliveries are retried after each configured delay, then dropped. */
  private async deliver(url: string, payload: object, attempt: number): Promise<void> {
    const status = await this.post(url, payload);
    if (status >= 200 && status < 300) return;
    const delay = this.env.settings().notificationRetryDelaysMs[attempt];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(url, payload, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** The HTTP status, or 0 when the endpoint could not be reached in time. */
  private async post(url: string, payload: object): Promise<number> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.env.settings().subscriptionValidationTimeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }
}

function parseBody(body: unknown) {
  const parsed = createBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `Invalid subscription: ${issue?.path.join('.')} ${issue?.message ?? ''}`.trim(),
      'InvalidRequest',
    );
  }
  return parsed.data;
}

function parseChangeTypes(value: string): Set<string> {
  const types = value.split(',').map((t) => t.trim());
  if (types.some((t) => !CHANGE_TYPES.has(t))) {
    throw badRequest(`'${value}' is not a valid changeType for contacts.`, 'InvalidRequest');
  }
  return new Set(types);
}

export function renderSubscription(subscription: Subscription): Record<string, unknown> {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.applicationId,
    changeType: subscription.changeType,
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: new Date(subscription.expiresAt).toISOString(),
    creatorId: subscription.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
