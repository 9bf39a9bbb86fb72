import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ControlError, type ProviderControl } from '../shared/emulator-app.ts';
import { checkRoom, contactId, prepareCreate } from './contact-writes.ts';
import type { GoogleContext } from './context.ts';
import { GoogleApiError } from './errors.ts';
import { personFromGenerated } from './from-generated.ts';
import { checkSingletons, READABLE_FIELDS, readPersonInput, type WritableField } from './person-fields.ts';
import { renderPerson } from './person-render.ts';
import type { PersonAccount } from './person-store.ts';
import { checkMemberships } from './person-values.ts';

const EVERY_FIELD: ReadonlySet<string> = new Set(READABLE_FIELDS);

/** Runs a People API check and reports its failure the control API's way. */
function asControl<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error: unknown) {
    if (error instanceof GoogleApiError) throw new ControlError(400, `${where}: ${error.message}`);
    throw error;
  }
}

function accountOf(context: GoogleContext, email: string): PersonAccount {
  const account = context.store.account(email);
  if (!account) throw new ControlError(404, `No account ${email}.`);
  return account;
}

function personOf(account: PersonAccount, id: string) {
  const person = account.get(contactId(id));
  if (!person) throw new ControlError(404, `No contact ${id} in ${account.email}.`);
  return person;
}

/** The control API's view of the Google store: contacts in and out as People API Person JSON. */
export function createGoogleControl(context: GoogleContext): ProviderControl {
  return {
    createAccount: (email) => void context.store.createAccount(email),
    accountEmails: () => context.store.emails(),
    seedContacts(email, contacts) {
      const account = accountOf(context, email);
      const inputs = contacts.map((contact, index) =>
        asControl(`contacts[${index}]`, () => prepareCreate(contact)),
      );
      asControl('contacts', () =>
        checkRoom(account, inputs.length, context.core.settings().maxContactsPerAccount),
      );
      return inputs.map((input) => account.create(input).id);
    },
    listContacts: (email) =>
      accountOf(context, email)
        .all()
        .map((person) => renderPerson(person, EVERY_FIELD)),
    editContact(email, id, patch) {
      const account = accountOf(context, email);
      const person = personOf(account, id);
      const input = asControl('contact', () => readPersonInput(patch));
      // An edit in Google Contacts changes the fields the person touched; the patch names them.
      const fields = Object.keys(input) as WritableField[];
      asControl('contact', () => {
        checkSingletons(input);
        if (input.memberships) checkMemberships(input.memberships, new Set());
      });
      return renderPerson(account.update(person, input, fields), EVERY_FIELD);
    },
    deleteContact(email, id) {
      const account = accountOf(context, email);
      if (!account.delete(personOf(account, id).id)) throw new ControlError(404, `No contact ${id}.`);
    },
    expireCursors(email) {
      accountOf(context, email).cursorEpoch += 1;
    },
    fromGenerated: personFromGenerated,
    reset() {
      context.store.reset();
      context.quotas.reset();
      context.consents.reset();
    },
  };
}

const renameParams = z.object({ email: z.string().min(1), id: z.string().min(1) });

/**
 * Google-only control route: `POST /_control/accounts/{email}/contacts/{id}/rename` gives the contact
 * a new resource name, as linking it to a Google profile does, so that clients can be tested on
 * `metadata.previousResourceNames`.
 */
export function registerGoogleControlRoutes(app: FastifyInstance, context: GoogleContext): void {
  app.post('/_control/accounts/:email/contacts/:id/rename', async (request) => {
    const params = renameParams.parse(request.params);
    const account = accountOf(context, decodeURIComponent(params.email).toLowerCase());
    const oldName = `people/${personOf(account, decodeURIComponent(params.id)).id}`;
    const renamed = account.rename(contactId(oldName));
    if (!renamed) throw new ControlError(404, `No contact ${params.id}.`);
    return { resourceName: `people/${renamed.id}`, previousResourceName: oldName, etag: renamed.etag };
  });
}
