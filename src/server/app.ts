import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import { registerContactRoutes } from '../contacts/routes.ts';
import type { Database } from '../db/database.ts';
import { registerOperations } from '../ops/routes.ts';
import { syncContactHooks } from '../sync/contact-hooks.ts';
import { registerSyncRoutes } from '../sync/routes.ts';
import type { SyncRuntime } from '../sync/sync-runtime.ts';
import { registerAuthentication, registerAuthRoutes } from './auth.ts';
import { AppError, detailsFromZod } from './errors.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** The sync, when this process runs it: adds its routes and hears contact writes. */
  sync?: SyncRuntime;
  /** The built web UI (`npm run build:web`); default `dist/web` of this checkout. */
  webDir?: string;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the HTTP app: API, docs, health and metrics. Listening is the caller's business. */
export async function buildApp({
  config,
  database,
  log,
  sync,
  webDir = WEB_DIST,
}: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
  });

  // Zod validates every schema'd part; its issues become catalogue errors with field paths.
  app.setValidatorCompiler<z.ZodType>(({ schema, httpPart }) => (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    const prefix =
      httpPart === 'body' || httpPart === undefined ? '' : httpPart === 'querystring' ? 'query' : httpPart;
    const code = httpPart === 'querystring' ? 'invalid_query' : 'validation_failed';
    return { error: new AppError(code, undefined, detailsFromZod(result.error.issues, prefix)) };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler((error, request, reply) => sendError(error, request.log, reply));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
  });
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: config.importMaxBytes, files: 1, fields: 5 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Contact Sync API',
        version: '0.1.0',
        description:
          'Authenticate with the session cookie (POST /api/auth/login) or `Authorization: Bearer <token>`. ' +
          'Every error is `{"error":{"code","message","details":[{"path","code","message"}]}}`; codes are listed in docs/errors.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuthentication(app, database.db, config);
  registerOperations(app, database);
  registerAuthRoutes(app, database.db, config);
  registerContactRoutes(app, database.db, config, sync ? syncContactHooks(sync) : undefined);
  if (sync) registerSyncRoutes(app, sync, config);

  const appPage = await registerWebUi(app, webDir);
  // Set last: the static files' plugin hands what it does not find to this handler too.
  app.setNotFoundHandler(async (request, reply) => {
    if (appPage && isAppPageRequest(request)) {
      return reply
        .type('text/html')
        .header('cache-control', 'no-cache')
        .send(await appPage());
    }
    return reply.code(404).send(new AppError('route_not_found').toBody());
  });
  return app;
}

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/**
 * The built React UI (`npm run build:web`, part of `npm start`). Its files are looked up on each
 * request, so the hashed bundles of a rebuild are served without a restart; the answer is the
 * current index.html, or nothing when there is no build (then `/` says how to make one).
 */
async function registerWebUi(
  app: FastifyInstance,
  webDir: string,
): Promise<(() => Promise<string>) | undefined> {
  const indexPath = join(webDir, 'index.html');
  if (!existsSync(indexPath)) {
    app.get('/', { schema: { hide: true } }, async (_, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>Contact Sync</title><h1>Contact Sync</h1><p>The API is running; the web UI ' +
            'is not built (<code>npm run build:web</code>). <a href="/api/docs">API documentation</a></p>',
        ),
    );
    return undefined;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    index: false,
    // A folder is no file to send: '/' and other folders go to the not-found handler.
    allowedPath: (path) => !path.endsWith('/'),
  });
  return currentIndexHtml(indexPath);
}

/**
 * Client-side routes (/contacts/…, /settings/sync) answer the app's page so that a reload keeps
 * them; API routes and missing bundle files keep their 404.
 */
function isAppPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  return !path.startsWith('/api/') && !path.startsWith('/assets/') && path !== '/metrics';
}

/**
 * index.html names the hashed bundle of the build it came from; a rebuild replaces both. Read again
 * whenever the file changed, so a running server never serves a page whose scripts are gone.
 */
export function currentIndexHtml(path: string): () => Promise<string> {
  let cached = { mtimeMs: -1, html: '' };
  return async () => {
    const { mtimeMs } = await stat(path);
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, html: await readFile(path, 'utf8') };
    return cached.html;
  };
}

function sendError(error: unknown, log: FastifyBaseLogger, reply: FastifyReply) {
  if (error instanceof AppError) return reply.code(error.status).send(error.toBody());
  const known = error instanceof Error ? fastifyErrorToAppError(error as FastifyError) : undefined;
  if (known) return reply.code(known.status).send(known.toBody());
  log.error({ err: error }, 'request failed');
  return reply.code(500).send(new AppError('internal_error').toBody());
}

/** Fastify's and its plugins' own errors, translated into the catalogue. */
function fastifyErrorToAppError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', `The request body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_json', 'The Content-Length does not match the body.');
    default:
      if (error.statusCode === 400 && error.message.includes('JSON')) return new AppError('malformed_json');
      return undefined;
  }
}
