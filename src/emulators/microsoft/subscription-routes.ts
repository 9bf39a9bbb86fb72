import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, type MicrosoftContext, originOf } from './context.ts';
import { preferences, requireContactsScope, sendJson } from './route-helpers.ts';
import { renderSubscription } from './subscriptions.ts';

const context$ = (request: FastifyRequest) => `${originOf(request)}/v1.0/$metadata#subscriptions`;

/** `/subscriptions`: create (after the validation handshake), list, read, renew, reauthorize, delete. */
export function registerSubscriptionRoutes(api: FastifyInstance, context: MicrosoftContext): void {
  const { subscriptions } = context;
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  api.post('/subscriptions', async (request, reply) => {
    const caller = callerOf(request);
    requireContactsScope(caller, false);
    const immutableIds = preferences(request, reply).immutableIds;
    const created = await subscriptions.create(
      caller.mailbox,
      caller.grant.clientId,
      request.body,
      immutableIds,
    );
    return sendJson(reply, 201, {
      '@odata.context': `${context$(request)}/$entity`,
      ...renderSubscription(created),
    });
  });

  api.get('/subscriptions', async (request, reply) => {
    const { mailbox } = callerOf(request);
    const value = subscriptions.forMailbox(mailbox.profile.email).map(renderSubscription);
    return sendJson(reply, 200, { '@odata.context': context$(request), value });
  });

  api.get('/subscriptions/:id', async (request, reply) => {
    const found = subscriptions.get(callerOf(request).mailbox, id(request));
    return sendJson(reply, 200, {
      '@odata.context': `${context$(request)}/$entity`,
      ...renderSubscription(found),
    });
  });

  api.patch('/subscriptions/:id', async (request, reply) => {
    const renewed = subscriptions.renew(callerOf(request).mailbox, id(request), request.body);
    return sendJson(reply, 200, {
      '@odata.context': `${context$(request)}/$entity`,
      ...renderSubscription(renewed),
    });
  });

  const reauthorize = async (request: FastifyRequest, reply: FastifyReply) => {
    subscriptions.get(callerOf(request).mailbox, id(request));
    return reply.code(204).send();
  };
  api.post('/subscriptions/:id/reauthorize', reauthorize);
  api.post('/subscriptions/:id/microsoft.graph.reauthorize', reauthorize);

  api.delete('/subscriptions/:id', async (request, reply) => {
    subscriptions.remove(callerOf(request).mailbox, id(request));
    return reply.code(204).send();
  });
}
