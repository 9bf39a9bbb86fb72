import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { requireUser } from '../server/auth.ts';
import { AppError, detail } from '../server/errors.ts';
import type { ContactHooks, ContactSyncView } from './contact-hooks.ts';
import { toCsv, toVCard } from './export/index.ts';
import { getImportReport, importContacts, listImportReports } from './importer.ts';
import {
  CONTACT_STATUSES,
  CONTACT_TYPES,
  type Contact,
  contactCreateSchema,
  contactUpdateSchema,
} from './model.ts';
import { getContact, listContacts } from './repository.ts';
import { createContact, removeContact, updateContact } from './service.ts';

const idParams = z.object({ id: z.string() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot name anything of this user's: answer it like a foreign id. */
function contactId(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found');
  return id.toLowerCase();
}

const listQuery = z.strictObject({
  q: z.string().max(200).optional(),
  type: z.enum(CONTACT_TYPES).optional(),
  status: z.enum(CONTACT_STATUSES).optional(),
  tag: z.string().max(50).optional(),
  sync: z.enum(['linked', 'pending', 'not-synced']).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) {
    throw new AppError('validation_failed', undefined, [
      detail('headers.if-match', 'invalid_format', 'Send the version from the ETag, such as "3".'),
    ]);
  }
  return Number(match[1]);
}

export function registerContactRoutes(
  app: FastifyInstance,
  db: Db,
  config: Config,
  hooks?: ContactHooks,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const region = config.defaultPhoneRegion;

  /** Adds each contact's `sync` object when the sync is running in this process. */
  async function withSync<T extends Contact>(
    ownerId: string,
    list: T[],
  ): Promise<(T & { sync?: ContactSyncView })[]> {
    if (!hooks || list.length === 0) return list;
    const views = await hooks.syncViews(
      ownerId,
      list.map((c) => c.id),
    );
    return list.map((c) => ({
      ...c,
      sync: views.get(c.id) ?? { state: 'not-synced', provider: null, remoteId: null },
    }));
  }
  const one = async (ownerId: string, contact: Contact) => (await withSync(ownerId, [contact]))[0]!;

  api.get(
    '/api/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'List contacts: search, filter, page with a cursor',
        querystring: listQuery,
      },
    },
    async (request) => {
      const ownerId = requireUser(request).userId;
      const page = await listContacts(db, ownerId, request.query);
      return { ...page, items: await withSync(ownerId, page.items) };
    },
  );

  api.post(
    '/api/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact (type "lead" with an API token)',
        body: contactCreateSchema,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const contact = await createContact(db, p.userId, request.body, p.method, region);
      return reply
        .code(201)
        .header('etag', `"${contact.version}"`)
        .send(await one(p.userId, contact));
    },
  );

  api.get(
    '/api/contacts/export',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Export every contact as vCard 4.0 or Google-layout CSV',
        querystring: z.strictObject({ format: z.enum(['vcard', 'csv']).default('vcard') }),
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).userId;
      const all: Contact[] = [];
      for (let cursor: string | undefined, more = true; more; ) {
        const page = await listContacts(db, ownerId, { cursor, limit: 1000 });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        more = page.nextCursor !== null;
      }
      const vcard = request.query.format === 'vcard';
      return reply
        .header('content-type', vcard ? 'text/vcard; charset=utf-8' : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="contacts.${vcard ? 'vcf' : 'csv'}"`)
        .send(vcard ? toVCard(all) : toCsv(all));
    },
  );

  api.get(
    '/api/contacts/:id',
    { schema: { tags: ['contacts'], summary: 'One contact', params: idParams } },
    async (request, reply) => {
      const ownerId = requireUser(request).userId;
      const contact = await getContact(db, ownerId, contactId(request.params.id));
      return reply.header('etag', `"${contact.version}"`).send(await one(ownerId, contact));
    },
  );

  api.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Change some fields (lists are replaced whole); If-Match: "version" guards against lost updates',
        params: idParams,
        body: contactUpdateSchema,
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).userId;
      const contact = await updateContact(
        db,
        ownerId,
        contactId(request.params.id),
        request.body,
        region,
        ifMatchVersion(request.headers['if-match']),
        hooks,
      );
      return reply.header('etag', `"${contact.version}"`).send(await one(ownerId, contact));
    },
  );

  api.delete(
    '/api/contacts/:id',
    { schema: { tags: ['contacts'], summary: 'Delete a contact', params: idParams } },
    async (request, reply) => {
      await removeContact(db, requireUser(request).userId, contactId(request.params.id), hooks);
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Import a CSV (Google, Outlook or plain layout) or vCard file sent as multipart field "file"',
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ duplicates: z.enum(['flag', 'skip']).default('flag') }),
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).userId;
      if (!request.isMultipart())
        throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data.');
      const file = await request.file();
      if (!file) throw new AppError('import_missing_file');
      const bytes = await file.toBuffer();
      const report = await importContacts(db, ownerId, bytes, {
        fileName: file.filename || 'upload',
        duplicates: request.query.duplicates,
        region,
      });
      return reply.code(201).send(report);
    },
  );

  api.get('/api/imports', { schema: { tags: ['imports'], summary: 'Recent imports' } }, async (request) => ({
    items: await listImportReports(db, requireUser(request).userId),
  }));

  api.get(
    '/api/imports/:id',
    { schema: { tags: ['imports'], summary: 'One import report, row by row', params: idParams } },
    async (request) => getImportReport(db, requireUser(request).userId, contactId(request.params.id)),
  );
}
