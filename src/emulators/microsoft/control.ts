import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GeneratedContact } from '../generator/generated-contact.ts';
import { ControlError, type ProviderControl } from '../shared/emulator-app.ts';
import type { AccountStore } from './account-store.ts';
import { parseContactWrite } from './contact-data.ts';
import { renderContact } from './contact-render.ts';
import type { Mailbox, StoredContact } from './contact-store.ts';
import type { MicrosoftContext } from './context.ts';
import { expireAllTokens } from './delta.ts';
import { GraphError } from './errors.ts';
import { graphContactFromGenerated } from './from-generated.ts';
import { renderProfile } from './profile-routes.ts';
import { renderSubscription } from './subscriptions.ts';

/** The common control API's view of the Microsoft store; contacts are Graph contact JSON. */
export function microsoftControl(context: MicrosoftContext): ProviderControl {
  const { accounts } = context;
  return {
    createAccount: (email) => void accounts.create(email),
    accountEmails: () => accounts.emails(),
    seedContacts: (email, contacts) => {
      const mailbox = mailboxOf(accounts, email);
      // Validate everything first, so a bad entry leaves the mailbox untouched.
      const writes = contacts.map((contact, index) =>
        asControlError(() => parseContactWrite(contact), index),
      );
      // Contacts typed into Outlook read back with "" for unset strings.
      return writes.map((write) => mailbox.create(mailbox.defaultFolder, write, '').restId);
    },
    listContacts: (email) => mailboxOf(accounts, email).allContacts().map(renderForControl),
    editContact: (email, id, patch) => {
      const mailbox = mailboxOf(accounts, email);
      const contact = contactOf(mailbox, id);
      mailbox.update(
        contact,
        asControlError(() => parseContactWrite(patch)),
      );
      return renderForControl(contact);
    },
    deleteContact: (email, id) => {
      const mailbox = mailboxOf(accounts, email);
      mailbox.remove(contactOf(mailbox, id));
    },
    expireCursors: (email) => expireAllTokens(mailboxOf(accounts, email), context.core.settings()),
    fromGenerated: (contact: GeneratedContact) => graphContactFromGenerated(contact),
    reset: () => {
      accounts.clear();
      context.subscriptions.reset();
      context.throttle.reset();
    },
  };
}

/** The control view shows every extended property, which Graph only shows when expanded. */
function renderForControl(contact: StoredContact): Record<string, unknown> {
  return {
    ...renderContact(contact, { immutableIds: false, select: undefined, expandExtended: undefined }),
    singleValueExtendedProperties: [...contact.current.extended.values()],
  };
}

function mailboxOf(accounts: AccountStore, email: string): Mailbox {
  const mailbox = accounts.find(email);
  if (!mailbox) throw new ControlError(404, `No account ${email}.`);
  return mailbox;
}

function contactOf(mailbox: Mailbox, id: string): StoredContact {
  try {
    return mailbox.contact(id);
  } catch {
    throw new ControlError(404, `No contact ${id}.`);
  }
}

function asControlError<T>(work: () => T, index?: number): T {
  try {
    return work();
  } catch (error: unknown) {
    if (error instanceof GraphError) {
      throw new ControlError(
        400,
        index === undefined ? error.message : `contacts[${index}]: ${error.message}`,
      );
    }
    throw error;
  }
}

const emailParam = z.object({ email: z.string().min(1) });

/**
 * Microsoft-only control routes: personal-account profiles, folders, moves made in Outlook,
 * subscriptions and lifecycle events (see docs/emulators-microsoft.md).
 */
export function registerMicrosoftControlRoutes(app: FastifyInstance, context: MicrosoftContext): void {
  const mailbox = (request: FastifyRequest) =>
    mailboxOf(context.accounts, decodeURIComponent(emailParam.parse(request.params).email).toLowerCase());

  app.patch('/_control/accounts/:email/profile', async (request) => {
    const box = mailbox(request);
    const body = z
      .strictObject({ consumer: z.boolean().optional(), displayName: z.string().min(1).optional() })
      .parse(request.body ?? {});
    if (body.consumer !== undefined) context.accounts.setConsumer(box, body.consumer);
    if (body.displayName !== undefined) box.profile.displayName = body.displayName;
    return renderProfile(box);
  });

  app.get('/_control/accounts/:email/folders', async (request) => {
    const box = mailbox(request);
    return {
      defaultFolderId: box.defaultFolder.id,
      folders: [...box.folders.values()].map((f) => ({
        id: f.id,
        displayName: f.displayName,
        parentFolderId: f.parentFolderId,
      })),
    };
  });

  app.post('/_control/accounts/:email/folders', async (request, reply) => {
    const box = mailbox(request);
    const body = z
      .strictObject({ displayName: z.string().min(1), parentFolderId: z.string().optional() })
      .parse(request.body);
    const parent = body.parentFolderId ? folderOf(box, body.parentFolderId) : box.defaultFolder;
    const folder = box.addFolder(body.displayName, parent.id);
    return reply
      .code(201)
      .send({ id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId });
  });

  app.post('/_control/accounts/:email/contacts/:id/move', async (request) => {
    const box = mailbox(request);
    const { id } = z.object({ id: z.string() }).parse(request.params);
    const { folderId } = z.strictObject({ folderId: z.string().min(1) }).parse(request.body);
    const contact = contactOf(box, decodeURIComponent(id));
    return renderForControl(box.move(contact, folderOf(box, folderId)));
  });

  app.get('/_control/accounts/:email/subscriptions', async (request) => ({
    subscriptions: context.subscriptions.forMailbox(mailbox(request).profile.email).map(renderSubscription),
  }));

  app.post('/_control/accounts/:email/lifecycle', async (request) => {
    const box = mailbox(request);
    const body = z
      .strictObject({
        event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
        subscriptionId: z.string().optional(),
      })
      .parse(request.body);
    try {
      return { notified: await context.subscriptions.lifecycle(box, body.event, body.subscriptionId) };
    } catch (error: unknown) {
      if (error instanceof GraphError) throw new ControlError(404, error.message);
      throw error;
    }
  });
}

function folderOf(mailbox: Mailbox, id: string) {
  try {
    return mailbox.folder(id);
  } catch {
    throw new ControlError(404, `No folder ${id}.`);
  }
}
