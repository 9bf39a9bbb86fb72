import type { FastifyInstance } from 'fastify';
import { authenticate } from './api-auth.ts';
import {
  applyUpdate,
  checkRoom,
  contactId,
  findContact,
  prepareCreate,
  prepareUpdate,
} from './contact-writes.ts';
import type { GoogleContext } from './context.ts';
import { invalidArgument } from './errors.ts';
import { parseMask, requireWriteMask } from './person-fields.ts';
import { renderPerson } from './person-render.ts';
import type { StoredPerson } from './person-store.ts';
import { COSTS } from './quotas.ts';

const MAX_BATCH_WRITE = 200;
const MAX_BATCH_DELETE = 500;

type Body = Record<string, unknown>;

function bodyOf(raw: unknown): Body {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidArgument('Invalid JSON payload received. Expected an object.');
  }
  return raw as Body;
}

function checkCount(count: number, max: number, field: string): void {
  if (count === 0) throw invalidArgument(`${field} is required and must not be empty.`);
  if (count > max) throw invalidArgument(`Too many ${field}: at most ${max} are allowed in one request.`);
}

/** A readMask is optional on batches: left empty, Google skips the read-back and returns no people. */
function readBack(body: Body, persons: StoredPerson[]) {
  const raw = body.readMask;
  const mask = parseMask(typeof raw === 'string' ? raw : undefined, 'read', 'readMask');
  if (!mask) return undefined;
  return persons.map((person) => ({ httpStatusCode: 200, person: renderPerson(person, mask), status: {} }));
}

/** batchCreateContacts, batchUpdateContacts and batchDeleteContacts: all or nothing. */
export function registerBatchRoutes(api: FastifyInstance, context: GoogleContext): void {
  api.post('/v1/people::batchCreateContacts', async (request) => {
    const caller = authenticate(context, request, 'write');
    const body = bodyOf(request.body);
    const contacts = Array.isArray(body.contacts) ? (body.contacts as unknown[]) : [];
    checkCount(contacts.length, MAX_BATCH_WRITE, 'contacts');
    const inputs = contacts.map((contact, index) =>
      prepareCreate(
        (contact as { contactPerson?: unknown } | null)?.contactPerson,
        `contacts[${index}].contact_person`,
      ),
    );
    checkRoom(caller.account, inputs.length, context.core.settings().maxContactsPerAccount);
    context.quotas.charge(caller.account.email, COSTS.batchWrite, caller.clientId);
    const created = inputs.map((input) => caller.account.create(input));
    const createdPeople = readBack(body, created);
    return createdPeople ? { createdPeople } : {};
  });

  api.post('/v1/people::batchUpdateContacts', async (request) => {
    const caller = authenticate(context, request, 'write');
    const body = bodyOf(request.body);
    const contacts =
      typeof body.contacts === 'object' && body.contacts !== null ? (body.contacts as Body) : {};
    const entries = Object.entries(contacts);
    checkCount(entries.length, MAX_BATCH_WRITE, 'contacts');
    const fields = requireWriteMask(
      typeof body.updateMask === 'string' ? body.updateMask : undefined,
      'updateMask',
    );
    const updates = entries.map(([name, person]) => prepareUpdate(caller.account, name, person, fields));
    context.quotas.charge(caller.account.email, COSTS.batchWrite, caller.clientId);
    const updated = updates.map((update) => applyUpdate(caller.account, update));
    const results = readBack(body, updated);
    if (!results) return {};
    const updateResult = Object.fromEntries(
      entries.map(([name], index) => [name, { ...results[index], requestedResourceName: name }]),
    );
    return { updateResult };
  });

  api.post('/v1/people::batchDeleteContacts', async (request) => {
    const caller = authenticate(context, request, 'write');
    const body = bodyOf(request.body);
    const names = Array.isArray(body.resourceNames) ? body.resourceNames.map(String) : [];
    checkCount(names.length, MAX_BATCH_DELETE, 'resourceNames');
    for (const name of names) findContact(caller.account, name);
    context.quotas.charge(caller.account.email, COSTS.batchDelete, caller.clientId);
    for (const name of names) caller.account.delete(contactId(name));
    return {};
  });
}
