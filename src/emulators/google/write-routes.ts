import type { FastifyInstance } from 'fastify';
import { authenticate } from './api-auth.ts';
import { applyUpdate, checkRoom, findContact, prepareCreate, prepareUpdate } from './contact-writes.ts';
import type { GoogleContext } from './context.ts';
import { notFound } from './errors.ts';
import { parseMask, READABLE_FIELDS, requireWriteMask } from './person-fields.ts';
import { renderPerson } from './person-render.ts';
import { one, type Query, readSources } from './query-params.ts';
import { COSTS } from './quotas.ts';

/** On mutations `personFields` is optional and defaults to every field. */
function readBackMask(query: Query): Set<string> {
  return parseMask(one(query, 'personFields'), 'read', 'personFields') ?? new Set(READABLE_FIELDS);
}

/** createContact, updateContact and deleteContact. */
export function registerWriteRoutes(api: FastifyInstance, context: GoogleContext): void {
  api.post('/v1/people::createContact', async (request) => {
    const caller = authenticate(context, request, 'write');
    const query = request.query as Query;
    const mask = readBackMask(query);
    readSources(query);
    const input = prepareCreate(request.body);
    checkRoom(caller.account, 1, context.core.settings().maxContactsPerAccount);
    context.quotas.charge(caller.account.email, COSTS.write, caller.clientId);
    return renderPerson(caller.account.create(input), mask);
  });

  api.patch('/v1/people/:personId(^[^:/]+)::updateContact', async (request) => {
    const caller = authenticate(context, request, 'write');
    const { personId } = request.params as { personId: string };
    const query = request.query as Query;
    const fields = requireWriteMask(one(query, 'updatePersonFields'), 'updatePersonFields');
    const mask = readBackMask(query);
    readSources(query);
    const update = prepareUpdate(caller.account, `people/${personId}`, request.body, fields);
    context.quotas.charge(caller.account.email, COSTS.write, caller.clientId);
    return renderPerson(applyUpdate(caller.account, update), mask);
  });

  api.delete('/v1/people/:personId(^[^:/]+)::deleteContact', async (request) => {
    const caller = authenticate(context, request, 'write');
    const { personId } = request.params as { personId: string };
    findContact(caller.account, personId);
    context.quotas.charge(caller.account.email, COSTS.delete, caller.clientId);
    if (!caller.account.delete(personId)) throw notFound();
    return {};
  });
}
