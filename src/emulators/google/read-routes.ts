import type { FastifyInstance } from 'fastify';
import { authenticate } from './api-auth.ts';
import { listConnections } from './connections-list.ts';
import { contactId, findContact } from './contact-writes.ts';
import type { GoogleContext } from './context.ts';
import { GoogleApiError, invalidArgument, notFound } from './errors.ts';
import { requireReadMask } from './person-fields.ts';
import { renderPerson, renderProfile } from './person-render.ts';
import type { PersonAccount } from './person-store.ts';
import { many, personFieldsParam, type Query, readSources } from './query-params.ts';
import { COSTS } from './quotas.ts';

const MAX_BATCH_GET = 200;

/** connections.list, people.get and people.getBatchGet. */
export function registerReadRoutes(api: FastifyInstance, context: GoogleContext): void {
  api.get('/v1/people/me/connections', async (request, reply) => {
    const caller = authenticate(context, request, 'read');
    const json = listConnections(context, caller, request.query as Query);
    return reply.type('application/json; charset=utf-8').send(json);
  });

  api.get('/v1/people/:personId', async (request) => {
    const { personId } = request.params as { personId: string };
    const caller = authenticate(context, request, personId === 'me' ? 'profile' : 'read');
    const query = request.query as Query;
    const mask = requireReadMask(personFieldsParam(query));
    readSources(query);
    context.quotas.charge(caller.account.email, COSTS.read, caller.clientId);
    return readOne(caller.account, `people/${personId}`, mask);
  });

  api.get('/v1/people::batchGet', async (request) => {
    const caller = authenticate(context, request, 'read');
    const query = request.query as Query;
    const mask = requireReadMask(personFieldsParam(query));
    readSources(query);
    const names = many(query, 'resourceNames');
    if (names.length === 0) throw invalidArgument('At least one resourceNames value is required.');
    if (names.length > MAX_BATCH_GET) {
      throw invalidArgument(`Too many resourceNames: at most ${MAX_BATCH_GET} can be requested at once.`);
    }
    context.quotas.charge(caller.account.email, COSTS.read, caller.clientId);
    return { responses: names.map((name) => batchGetItem(caller.account, name, mask)) };
  });
}

function readOne(account: PersonAccount, resourceName: string, mask: Set<string>) {
  if (resourceName === 'people/me') return renderProfile(account, mask);
  if (!resourceName.startsWith('people/') || contactId(resourceName) === '') throw notFound();
  return renderPerson(findContact(account, resourceName), mask);
}

/** One answer of a batchGet: the person, or a per-item status carrying the rpc code. */
function batchGetItem(account: PersonAccount, resourceName: string, mask: Set<string>) {
  try {
    const person = readOne(account, resourceName, mask);
    return { httpStatusCode: 200, person, requestedResourceName: resourceName, status: {} };
  } catch (error: unknown) {
    if (!(error instanceof GoogleApiError)) throw error;
    return {
      httpStatusCode: error.httpStatus,
      requestedResourceName: resourceName,
      status: error.itemStatus(),
    };
  }
}
