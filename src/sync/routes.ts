import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { requireUser, SESSION_COOKIE } from '../server/auth.ts';
import { AppError } from '../server/errors.ts';
import {
  confirmUnlinks,
  connectionStatus,
  disconnect,
  finishConnecting,
  pauseSync,
  resumeSync,
  startConnecting,
  syncNow,
  syncOverview,
} from './connection-service.ts';
import { syncContactHooks } from './contact-hooks.ts';
import { addToSync, contactHistory, restoreFromHistory } from './contact-sync-service.ts';
import { listLegacyIntegrations, removeLegacyIntegration } from './legacy-integrations.ts';
import type { SyncRuntime } from './sync-runtime.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idParam = z.object({ id: z.string() });

function uuidOr404(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found');
  return id.toLowerCase();
}

/** Where the provider sends the browser back: PUBLIC_URL when set, else the address it came in on. */
function callbackUrl(request: FastifyRequest, config: Config): string {
  const origin = config.publicUrl
    ? new URL(config.publicUrl).origin
    : `${request.protocol}://${request.headers.host}`;
  // Normalised by URL (a default port dropped), exactly as it is compared at the token exchange.
  return new URL('/api/sync/oauth/callback', origin).toString();
}

export function registerSyncRoutes(app: FastifyInstance, runtime: SyncRuntime, config: Config): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sync'];
  const hooks = syncContactHooks(runtime);

  api.post(
    '/api/sync/connection',
    {
      schema: {
        tags,
        summary:
          'Start connecting (or reauthorizing) a provider account; answers the URL of its consent screen',
        body: z.strictObject({
          provider: z.enum(['google', 'microsoft']),
          email: z.string().trim().toLowerCase().pipe(z.email()),
        }),
      },
    },
    async (request) => {
      const p = requireUser(request);
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (p.method !== 'session' || !sessionToken) {
        throw new AppError('forbidden', 'Connecting is done in the browser, from a logged-in session.');
      }
      return startConnecting(runtime, {
        ownerId: p.userId,
        sessionToken,
        provider: request.body.provider,
        email: request.body.email,
        redirectUri: callbackUrl(request, config),
      });
    },
  );

  api.get('/api/sync/oauth/callback', { schema: { hide: true } }, async (request, reply) => {
    const url = new URL(request.url, callbackUrl(request, config));
    const outcome = await finishConnecting(runtime, {
      sessionToken: request.cookies[SESSION_COOKIE],
      callbackUrl: url,
    });
    return reply.redirect(`/settings/sync?result=${outcome}`, 303);
  });

  api.get(
    '/api/sync',
    {
      schema: {
        tags,
        summary: 'The Contact Sync tab: the connection (or null), older integrations, available providers',
      },
    },
    async (request) => syncOverview(runtime, requireUser(request).userId),
  );

  api.get(
    '/api/sync/connection',
    { schema: { tags, summary: 'The connection: status, progress, counts, times' } },
    async (request) => connectionStatus(runtime, requireUser(request).userId),
  );

  const action = (path: string, summary: string, work: (ownerId: string) => Promise<void>) =>
    api.post(path, { schema: { tags, summary } }, async (request) => {
      const ownerId = requireUser(request).userId;
      await work(ownerId);
      return connectionStatus(runtime, ownerId);
    });
  action('/api/sync/connection/run', 'Sync now', (ownerId) => syncNow(runtime, ownerId));
  action('/api/sync/connection/pause', 'Pause the sync', (ownerId) => pauseSync(runtime, ownerId));
  action('/api/sync/connection/resume', 'Resume the sync', (ownerId) => resumeSync(runtime, ownerId));
  action('/api/sync/connection/confirm-unlinks', 'Allow the unlinks a run stopped for', (ownerId) =>
    confirmUnlinks(runtime, ownerId),
  );

  api.delete(
    '/api/sync/connection',
    { schema: { tags, summary: 'Disconnect: revoke at the provider, keep every contact' } },
    async (request, reply) => {
      await disconnect(runtime, requireUser(request).userId);
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/contacts/sync',
    {
      schema: {
        tags,
        summary: 'Add to Sync: 1 to 50 contacts, each answered with its outcome',
        body: z.strictObject({ contactIds: z.array(z.string()).min(1).max(50) }),
      },
    },
    async (request) => ({
      results: await addToSync(runtime, requireUser(request).userId, request.body.contactIds),
    }),
  );

  api.get(
    '/api/contacts/:id/history',
    { schema: { tags, summary: "A contact's sync history, newest first", params: idParam } },
    async (request) => ({
      items: await contactHistory(runtime, requireUser(request).userId, uuidOr404(request.params.id)),
    }),
  );

  api.post(
    '/api/contacts/:id/history/:entryId/restore',
    {
      schema: {
        tags,
        summary: 'Restore the value that lost a conflict',
        params: z.object({ id: z.string(), entryId: z.string() }),
      },
    },
    async (request) => {
      const ownerId = requireUser(request).userId;
      const contact = await restoreFromHistory(
        runtime,
        ownerId,
        uuidOr404(request.params.id),
        uuidOr404(request.params.entryId),
      );
      // The same shape as GET /api/contacts/{id}: the contact with its `sync` object.
      const views = await hooks.syncViews(ownerId, [contact.id]);
      return { ...contact, sync: views.get(contact.id) };
    },
  );

  api.get(
    '/api/integrations/legacy',
    { schema: { tags, summary: 'Integrations from an older system' } },
    async (request) => ({
      items: await listLegacyIntegrations(runtime.db, requireUser(request).userId),
    }),
  );

  api.delete(
    '/api/integrations/legacy/:id',
    { schema: { tags, summary: 'Remove an older integration', params: idParam } },
    async (request, reply) => {
      await removeLegacyIntegration(runtime.db, requireUser(request).userId, uuidOr404(request.params.id));
      return reply.code(204).send();
    },
  );
}
