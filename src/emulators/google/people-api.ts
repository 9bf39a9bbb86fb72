import type { FastifyError } from 'fastify';
import { registerBatchRoutes } from './batch-routes.ts';
import type { GoogleContext } from './context.ts';
import { GoogleApiError, invalidArgument, notFound, sendGoogleError } from './errors.ts';
import { registerReadRoutes } from './read-routes.ts';
import { registerWriteRoutes } from './write-routes.ts';

/** Turns anything a People API route throws into Google's error envelope. */
function toGoogleError(error: unknown): GoogleApiError {
  if (error instanceof GoogleApiError) return error;
  const status = (error as Partial<FastifyError>).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  // Fastify's own 4xx (unparseable JSON, wrong content type) are what Google calls a bad payload.
  if (status !== undefined && status >= 400 && status < 500) {
    return invalidArgument(`Invalid JSON payload received. ${message}`);
  }
  return new GoogleApiError(500, 'INTERNAL', 'Internal error encountered.');
}

/**
 * The People API v1 routes, in their own Fastify context so their errors (and unknown paths under
 * `/v1/people`) answer with Google's envelope while OAuth and control keep theirs.
 */
export function registerPeopleApi(context: GoogleContext): void {
  const { app } = context.core;
  void app.register(async (api) => {
    api.setErrorHandler((error, _request, reply) => sendGoogleError(reply, toGoogleError(error)));
    registerReadRoutes(api, context);
    registerWriteRoutes(api, context);
    registerBatchRoutes(api, context);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/v1/')) return sendGoogleError(reply, notFound(`Method not found.`));
    return reply
      .code(404)
      .send({ error: { code: 404, message: `No route ${request.method} ${request.url}.` } });
  });
}
