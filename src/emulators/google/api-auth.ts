import type { FastifyRequest } from 'fastify';
import type { GoogleContext } from './context.ts';
import { insufficientScope, unauthenticated } from './errors.ts';
import type { PersonAccount } from './person-store.ts';

const CONTACTS_SCOPE = 'https://www.googleapis.com/auth/contacts';
const READONLY_SCOPE = 'https://www.googleapis.com/auth/contacts.readonly';

export type Access = 'read' | 'write' | 'profile';

export interface Caller {
  account: PersonAccount;
  clientId: string;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  // `access_token` is one of Google's standard query parameters.
  const query = request.query as Record<string, unknown>;
  return typeof query.access_token === 'string' ? query.access_token : undefined;
}

/**
 * The account behind the request's access token, or Google's 401/403. Tokens minted by the control
 * API without a scope carry every scope, so tests need not spell the contacts scope out.
 */
export function authenticate(context: GoogleContext, request: FastifyRequest, access: Access): Caller {
  const grant = context.core.grants.verifyAccessToken(bearerToken(request));
  if (grant === 'missing' || grant === 'expired') throw unauthenticated();
  const scopes = new Set(grant.scope.split(/\s+/).filter(Boolean).map(fullScope));
  const allowed =
    scopes.size === 0 ||
    access === 'profile' ||
    scopes.has(CONTACTS_SCOPE) ||
    (access === 'read' && scopes.has(READONLY_SCOPE));
  if (!allowed) throw insufficientScope();
  (request as FastifyRequest & { accountEmail?: string }).accountEmail = grant.email;
  const account = context.store.account(grant.email) ?? context.store.createAccount(grant.email);
  return { account, clientId: grant.clientId };
}

// The control API and older clients may name scopes briefly ("contacts"); Google's are URLs.
function fullScope(scope: string): string {
  return scope.includes(':') ? scope : `https://www.googleapis.com/auth/${scope}`;
}
