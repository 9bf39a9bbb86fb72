import { type ContactChange, Mailbox } from './contact-store.ts';
import { CONSUMER_TENANT_ID, newConsumerUserId, newUserGuid } from './ids.ts';

/** All mailboxes of one emulator, by lower-case e-mail address. */
export class AccountStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  /** The one work tenant every non-personal account belongs to. */
  readonly workTenantId = newUserGuid();
  private readonly listeners: Array<(mailbox: Mailbox, change: ContactChange) => void> = [];

  constructor(private readonly now: () => number) {}

  onChange(listener: (mailbox: Mailbox, change: ContactChange) => void): void {
    this.listeners.push(listener);
  }

  /** Idempotent: creating an existing account keeps it as it is. */
  create(email: string): Mailbox {
    const existing = this.mailboxes.get(email);
    if (existing) return existing;
    const profile = { email, userId: newUserGuid(), consumer: false, displayName: nameFromEmail(email) };
    const mailbox = new Mailbox(profile, this.now, (m, change) => {
      for (const listener of this.listeners) listener(m, change);
    });
    this.mailboxes.set(email, mailbox);
    return mailbox;
  }

  find(email: string): Mailbox | undefined {
    return this.mailboxes.get(email.toLowerCase());
  }

  emails(): string[] {
    return [...this.mailboxes.keys()];
  }

  /** Makes the account a personal Microsoft account (or a work account again); its user id changes kind. */
  setConsumer(mailbox: Mailbox, consumer: boolean): void {
    if (mailbox.profile.consumer === consumer) return;
    mailbox.profile.consumer = consumer;
    mailbox.profile.userId = consumer ? newConsumerUserId() : newUserGuid();
  }

  tenantOf(mailbox: Mailbox): string {
    return mailbox.profile.consumer ? CONSUMER_TENANT_ID : this.workTenantId;
  }

  clear(): void {
    this.mailboxes.clear();
  }
}

function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join(' ');
}
