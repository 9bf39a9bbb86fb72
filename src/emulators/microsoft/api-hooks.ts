import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, type MicrosoftContext, setCaller } from './context.ts';
import {
  GraphError,
  requestIds,
  sendGraphError,
  sendMailboxConcurrency,
  sendTooManyRequests,
} from './errors.ts';

const RELEASE = Symbol('throttleRelease');
type WithRelease = FastifyRequest & { [RELEASE]?: () => void };

/** Routes that are not about one mailbox's data and so are not counted against its limits. */
const UNTHROTTLED = new Set(['/v1.0/$batch']);

/**
 * Every Graph request: request ids in the headers, a bearer token, then the mailbox limits. Runs
 * after the core's fault injection, so an injected 503 is never counted against the mailbox.
 */
export function registerApiHooks(api: FastifyInstance, context: MicrosoftContext): void {
  api.addHook('onRequest', async (request, reply) => {
    const ids = requestIds(request);
    reply.headers({ 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId });
    const failure = authenticate(request, context);
    if (failure) return sendGraphError(request, reply, failure, context.core.now());
    if (UNTHROTTLED.has(request.routeOptions.url ?? '')) return;
    return throttle(request, reply, context);
  });
  const release = async (request: FastifyRequest) => (request as WithRelease)[RELEASE]?.();
  api.addHook('onResponse', release);
  api.addHook('onRequestAbort', release);

  api.setErrorHandler((error: unknown, request, reply) => {
    const now = context.core.now();
    if (error instanceof GraphError) return sendGraphError(request, reply, error, now);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500)
      return sendGraphError(request, reply, { status, code: 'generalException', message }, now);
    return sendGraphError(request, reply, { status, code: 'BadRequest', message }, now);
  });
}

function authenticate(request: FastifyRequest, context: MicrosoftContext): GraphError | undefined {
  const header = request.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (!token) return unauthenticated('Access token is empty.');
  const grant = context.core.grants.verifyAccessToken(token);
  if (grant === 'missing') return unauthenticated('IDX14100: JWT is not well formed, there are no dots (.).');
  if (grant === 'expired') return unauthenticated('Lifetime validation failed, the token is expired.');
  const mailbox = context.accounts.find(grant.email);
  if (!mailbox) return unauthenticated('The user or the mailbox does not exist.');
  setCaller(request, { grant, mailbox });
  return undefined;
}

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
  });
}

function throttle(request: FastifyRequest, reply: FastifyReply, context: MicrosoftContext) {
  const { grant, mailbox } = callerOf(request);
  const now = context.core.now();
  const key = `${grant.clientId}|${mailbox.profile.email}`;
  const decision = context.throttle.acquire(key, context.core.settings(), now);
  if (decision.ok) {
    (request as WithRelease)[RELEASE] = decision.release;
    return;
  }
  if (decision.reason === 'concurrency') return sendMailboxConcurrency(reply, decision.retryAfterSeconds);
  return sendTooManyRequests(request, reply, decision.retryAfterSeconds, now);
}
