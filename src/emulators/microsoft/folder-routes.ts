import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Folder, Mailbox } from './contact-store.ts';
import { type MicrosoftContext, originOf } from './context.ts';
import { deltaPage } from './delta.ts';
import { badRequest } from './errors.ts';
import { parseSelect } from './odata-query.ts';
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

const folderBody = z.object({ displayName: z.string().min(1) });

/**
 * Contact folders and per-folder delta. `/contactFolders` lists the folders inside the default
 * Contacts folder, which itself is reached by id or by its well-known name `contacts`.
 */
export function registerFolderRoutes(api: FastifyInstance, context: MicrosoftContext): void {
  for (const owner of OWNERS) {
    api.get(`${owner}/contactFolders`, (request, reply) => listFolders(request, reply, undefined));
    api.post(`${owner}/contactFolders`, (request, reply) => createFolder(request, reply, undefined));
    api.get(`${owner}/contactFolders/:folderId`, (request, reply) => getFolder(request, reply));
    api.get(`${owner}/contactFolders/:folderId/childFolders`, (request, reply) =>
      listFolders(request, reply, folderParam(request)),
    );
    api.post(`${owner}/contactFolders/:folderId/childFolders`, (request, reply) =>
      createFolder(request, reply, folderParam(request)),
    );
    api.get(`${owner}/contacts/delta`, (request, reply) => delta(request, reply, context));
    api.get(`${owner}/contactFolders/:folderId/contacts/delta`, (request, reply) =>
      delta(request, reply, context),
    );
  }
}

function folderParam(request: FastifyRequest): string {
  return (request.params as { folderId: string }).folderId;
}

function renderFolder(folder: Folder) {
  return { id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId };
}

function childrenOf(mailbox: Mailbox, parent: Folder): Folder[] {
  return [...mailbox.folders.values()].filter((f) => f.parentFolderId === parent.id);
}

function listFolders(request: FastifyRequest, reply: FastifyReply, parentId: string | undefined) {
  const caller = ownerOf(request);
  requireContactsScope(caller, false);
  const parent = parentId === undefined ? caller.mailbox.defaultFolder : caller.mailbox.folder(parentId);
  return sendJson(reply, 200, {
    '@odata.context': contextLink(request, caller, 'contactFolders'),
    value: childrenOf(caller.mailbox, parent).map(renderFolder),
  });
}

function createFolder(request: FastifyRequest, reply: FastifyReply, parentId: string | undefined) {
  const caller = ownerOf(request);
  requireContactsScope(caller, true);
  const parsed = folderBody.safeParse(request.body);
  if (!parsed.success) throw badRequest('displayName is required.', 'ErrorInvalidRequest');
  const parent = parentId === undefined ? caller.mailbox.defaultFolder : caller.mailbox.folder(parentId);
  const folder = caller.mailbox.addFolder(parsed.data.displayName, parent.id);
  return sendJson(reply, 201, {
    '@odata.context': contextLink(request, caller, 'contactFolders/$entity'),
    ...renderFolder(folder),
  });
}

function getFolder(request: FastifyRequest, reply: FastifyReply) {
  const caller = ownerOf(request);
  requireContactsScope(caller, false);
  const folder = caller.mailbox.folder(folderParam(request));
  return sendJson(reply, 200, {
    '@odata.context': contextLink(request, caller, 'contactFolders/$entity'),
    ...renderFolder(folder),
  });
}

function delta(request: FastifyRequest, reply: FastifyReply, context: MicrosoftContext) {
  const caller = ownerOf(request);
  requireContactsScope(caller, false);
  const { folderId } = request.params as { folderId?: string };
  const folder = folderId === undefined ? caller.mailbox.defaultFolder : caller.mailbox.folder(folderId);
  const query = queryOf(request);
  const settings = context.core.settings();
  const prefer = preferences(request, reply);
  const pageSize = Math.min(prefer.maxPageSize ?? settings.defaultPageSize, settings.deltaMaxPageSize);
  if (prefer.maxPageSize !== undefined) {
    const applied = [prefer.immutableIds ? 'IdType="ImmutableId"' : '', `odata.maxpagesize=${pageSize}`];
    reply.header('preference-applied', applied.filter(Boolean).join(', '));
  }
  const page = deltaPage(
    caller.mailbox,
    folder,
    {
      skipToken: query.$skiptoken,
      deltaToken: query.$deltatoken,
      select: parseSelect(query.$select),
      pageSize,
      immutableIds: prefer.immutableIds,
    },
    settings,
    context.random,
  );
  const link = selfLink(request);
  const next =
    'skipToken' in page.next
      ? { '@odata.nextLink': `${link}?$skiptoken=${page.next.skipToken}` }
      : { '@odata.deltaLink': `${link}?$deltatoken=${page.next.deltaToken}` };
  return sendJson(reply, 200, {
    '@odata.context': `${originOf(request)}/v1.0/$metadata#Collection(contact)`,
    ...next,
    value: page.value,
  });
}
