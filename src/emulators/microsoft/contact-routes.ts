import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseContactWrite } from './contact-data.ts';
import { type RenderOptions, renderContact } from './contact-render.ts';
import type { Folder, StoredContact } from './contact-store.ts';
import type { Caller, MicrosoftContext } from './context.ts';
import { badRequest, GraphError } from './errors.ts';
import { parseCount, parseExpand, parseFilter, parseOrderBy, parseSelect } from './odata-query.ts';
import {
  contextLink,
  OWNERS,
  ownerOf,
  preferences,
  queryOf,
  requireContactsScope,
  selfLink,
  sendJson,
} from './route-helpers.ts';

type Params = { folderId?: string; contactId?: string };

/** Contact CRUD in the default folder (`/contacts`) and in any folder (`/contactFolders/{id}/contacts`). */
export function registerContactRoutes(api: FastifyInstance, context: MicrosoftContext): void {
  for (const owner of OWNERS) {
    for (const base of [`${owner}/contacts`, `${owner}/contactFolders/:folderId/contacts`]) {
      api.get(base, (request, reply) => listContacts(request, reply, context));
      api.post(base, (request, reply) => createContact(request, reply));
      api.get(`${base}/:contactId`, (request, reply) => getContact(request, reply));
      api.patch(`${base}/:contactId`, (request, reply) => updateContact(request, reply));
      api.delete(`${base}/:contactId`, (request, reply) => deleteContact(request, reply));
    }
  }
}

function target(request: FastifyRequest, write: boolean): { caller: Caller; folder: Folder } {
  const caller = ownerOf(request);
  requireContactsScope(caller, write);
  const { folderId } = request.params as Params;
  const folder = folderId === undefined ? caller.mailbox.defaultFolder : caller.mailbox.folder(folderId);
  return { caller, folder };
}

function contactOf(request: FastifyRequest, caller: Caller, folder: Folder): StoredContact {
  const { contactId = '' } = request.params as Params;
  return caller.mailbox.contact(contactId, folder);
}

function renderOptions(request: FastifyRequest, reply: FastifyReply): RenderOptions {
  const query = queryOf(request);
  return {
    immutableIds: preferences(request, reply).immutableIds,
    select: parseSelect(query.$select),
    expandExtended: parseExpand(query.$expand),
  };
}

function listContacts(request: FastifyRequest, reply: FastifyReply, context: MicrosoftContext) {
  const { caller, folder } = target(request, false);
  const query = queryOf(request);
  if (query.$search !== undefined)
    throw badRequest('$search is not supported by the emulator.', 'ErrorInvalidRequest');
  const options = renderOptions(request, reply);
  const settings = context.core.settings();
  const prefer = preferences(request, reply);
  const top = Math.min(
    parseCount(query.$top, '$top', prefer.maxPageSize ?? settings.defaultPageSize),
    settings.listMaxPageSize,
  );
  const skip = parseCount(query.$skip, '$skip', 0);
  const matching = selectContacts(folder, query);
  const page = matching.slice(skip, skip + top).map((contact) => renderContact(contact, options));
  const more = skip + top < matching.length && top > 0;
  return sendJson(reply, 200, {
    '@odata.context': contextLink(request, caller, 'contacts'),
    ...(query.$count === 'true' ? { '@odata.count': matching.length } : {}),
    value: page,
    ...(more ? { '@odata.nextLink': nextLink(request, top, skip + top) } : {}),
  });
}

function selectContacts(folder: Folder, query: Record<string, string | undefined>): StoredContact[] {
  const filter = parseFilter(query.$filter);
  const order = parseOrderBy(query.$orderby);
  let contacts = [...folder.contacts.values()];
  if (filter) contacts = contacts.filter((c) => filter(c.current));
  if (order) contacts.sort((a, b) => order(a.current, b.current));
  return contacts;
}

/** The same query with `$top`/`$skip` moved on, as the service pages Outlook lists. */
function nextLink(request: FastifyRequest, top: number, skip: number): string {
  const url = new URL(selfLink(request));
  for (const [key, value] of Object.entries(queryOf(request)))
    if (value !== undefined) url.searchParams.set(key, value);
  url.searchParams.set('$top', String(top));
  url.searchParams.set('$skip', String(skip));
  return url.toString().replaceAll('%24', '$');
}

function createContact(request: FastifyRequest, reply: FastifyReply) {
  const { caller, folder } = target(request, true);
  const write = parseContactWrite(request.body);
  const contact = caller.mailbox.create(folder, write, null);
  const options = { ...renderOptions(request, reply), select: undefined, expandExtended: undefined };
  return sendJson(reply, 201, {
    '@odata.context': contextLink(request, caller, 'contacts/$entity'),
    ...renderContact(contact, options),
  });
}

function getContact(request: FastifyRequest, reply: FastifyReply) {
  const { caller, folder } = target(request, false);
  const contact = contactOf(request, caller, folder);
  return sendJson(reply, 200, {
    '@odata.context': contextLink(request, caller, 'contacts/$entity'),
    ...renderContact(contact, renderOptions(request, reply)),
  });
}

function updateContact(request: FastifyRequest, reply: FastifyReply) {
  const { caller, folder } = target(request, true);
  const contact = contactOf(request, caller, folder);
  checkIfMatch(request, contact);
  caller.mailbox.update(contact, parseContactWrite(request.body));
  const options = { ...renderOptions(request, reply), select: undefined, expandExtended: undefined };
  return sendJson(reply, 200, {
    '@odata.context': contextLink(request, caller, 'contacts/$entity'),
    ...renderContact(contact, options),
  });
}

function deleteContact(request: FastifyRequest, reply: FastifyReply) {
  const { caller, folder } = target(request, true);
  const contact = contactOf(request, caller, folder);
  checkIfMatch(request, contact);
  caller.mailbox.remove(contact);
  return reply.code(204).send();
}

/** Outlook compares the change key inside `W/"…"`; `*` matches any version. */
function checkIfMatch(request: FastifyRequest, contact: StoredContact): void {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return;
  const sent = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (sent !== contact.current.changeKey) {
    throw new GraphError(
      412,
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    );
  }
}
