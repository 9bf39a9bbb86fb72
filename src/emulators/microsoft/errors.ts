import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A Graph error the route handlers throw; the API error handler turns it into Graph's envelope. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const REQUEST_ID = Symbol('graphRequestId');

type Tagged = FastifyRequest & { [REQUEST_ID]?: { requestId: string; clientRequestId: string } };

/** The ids Graph echoes in headers and in every error's innerError; made once per request. */
export function requestIds(request: FastifyRequest): { requestId: string; clientRequestId: string } {
  const tagged = request as Tagged;
  if (!tagged[REQUEST_ID]) {
    const requestId = randomUUID();
    const sent = request.headers['client-request-id'];
    tagged[REQUEST_ID] = { requestId, clientRequestId: typeof sent === 'string' && sent ? sent : requestId };
  }
  return tagged[REQUEST_ID];
}

/** Graph's innerError date has no zone designator and no fraction, e.g. `2026-07-27T12:15:35`. */
function innerDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

export function sendGraphError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: { status: number; code: string; message: string; headers?: Record<string, string> },
  now: number,
): FastifyReply {
  const ids = requestIds(request);
  const body = {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: innerDate(now),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
  return reply
    .code(error.status)
    .headers({ ...error.headers, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId })
    .type('application/json')
    .send(body);
}

/** Graph's generic throttling answer, with the extra innerError fields the throttling page shows. */
export function sendTooManyRequests(
  request: FastifyRequest,
  reply: FastifyReply,
  retryAfterSeconds: number,
  now: number,
): FastifyReply {
  const ids = requestIds(request);
  return reply
    .code(429)
    .headers({ 'retry-after': String(retryAfterSeconds), 'request-id': ids.requestId })
    .type('application/json')
    .send({
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: {
          code: '429',
          date: innerDate(now),
          message: 'Please retry after',
          'request-id': ids.requestId,
          status: '429',
        },
      },
    });
}

/** Outlook's own mailbox-concurrency answer, which carries no innerError on the real service. */
export function sendMailboxConcurrency(reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .type('application/json')
    .send({
      error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' },
    });
}

export const notFound = (what = 'The specified object was not found in the store.') =>
  new GraphError(404, 'ErrorItemNotFound', what);

export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);
