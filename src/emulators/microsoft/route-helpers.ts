import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, callerOf, originOf } from './context.ts';
import { GraphError } from './errors.ts';
import { parsePrefer, type Query } from './odata-query.ts';

/** `/me/…` and `/users/{id | userPrincipalName}/…` reach the same mailbox. */
export const OWNERS = ['/me', '/users/:userId'] as const;

/** The caller, after checking that a `/users/{id}` path names the caller's own mailbox. */
export function ownerOf(request: FastifyRequest): Caller {
  const caller = callerOf(request);
  const userId = (request.params as { userId?: string }).userId?.toLowerCase();
  const profile = caller.mailbox.profile;
  if (userId !== undefined && userId !== profile.email && userId !== profile.userId.toLowerCase()) {
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  return caller;
}

/**
 * Delegated permission checks: reading needs Contacts.Read(Write), writing Contacts.ReadWrite. A token
 * minted by the control API without a scope may do everything.
 */
export function requireContactsScope(caller: Caller, write: boolean): void {
  const scopes = caller.grant.scope
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase());
  if (scopes.length === 0) return;
  const allowed = scopes.includes('contacts.readwrite') || (!write && scopes.includes('contacts.read'));
  if (!allowed)
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

export function queryOf(request: FastifyRequest): Query {
  return request.query as Query;
}

/** Applies `Prefer: IdType="ImmutableId"` and says so, as Graph does with Preference-Applied. */
export function preferences(request: FastifyRequest, reply: FastifyReply) {
  const prefer = parsePrefer(request.headers.prefer);
  if (prefer.immutableIds) reply.header('preference-applied', 'IdType="ImmutableId"');
  return prefer;
}

/** The request's own URL on this emulator, without its query string. */
export function selfLink(request: FastifyRequest): string {
  return `${originOf(request)}${request.url.split('?')[0]}`;
}

export function contextLink(request: FastifyRequest, caller: Caller, suffix: string): string {
  return `${originOf(request)}/v1.0/$metadata#users('${caller.mailbox.profile.userId}')/${suffix}`;
}

/** Graph answers JSON with OData metadata parameters in its content type. */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .type(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    )
    .send(body);
}
