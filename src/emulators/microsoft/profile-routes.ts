import type { FastifyInstance } from 'fastify';
import type { Mailbox } from './contact-store.ts';
import { originOf } from './context.ts';
import { OWNERS, ownerOf, sendJson } from './route-helpers.ts';

/**
 * `/me` as Graph answers it. A personal account (see `PATCH /_control/accounts/{email}/profile`)
 * has `mail: null`, as Outlook.com accounts long did, so clients must fall back on userPrincipalName.
 */
export function renderProfile(mailbox: Mailbox): Record<string, unknown> {
  const { profile } = mailbox;
  const [givenName = null, ...rest] = profile.displayName.split(' ');
  return {
    businessPhones: [],
    displayName: profile.displayName,
    givenName,
    jobTitle: null,
    mail: profile.consumer ? null : profile.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: rest.length > 0 ? rest.join(' ') : null,
    userPrincipalName: profile.email,
    id: profile.userId,
  };
}

export function registerProfileRoutes(api: FastifyInstance): void {
  for (const owner of OWNERS) {
    api.get(owner, async (request, reply) => {
      const { mailbox } = ownerOf(request);
      return sendJson(reply, 200, {
        '@odata.context': `${originOf(request)}/v1.0/$metadata#users/$entity`,
        ...renderProfile(mailbox),
      });
    });
  }
}
