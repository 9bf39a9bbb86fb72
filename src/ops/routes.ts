import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';

/** Prometheus metrics for one app instance (its own registry, so tests and apps never share one). */
export function registerOperations(app: FastifyInstance, database: Database): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Histogram({
    name: 'db_pool_waiting',
    help: 'Queries waiting for a database connection, sampled at each scrape',
    registers: [registry],
    collect() {
      this.observe(database.pool.waitingCount);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get(
    '/api/health',
    { schema: { tags: ['operations'], summary: 'Liveness and database reachability' } },
    async (_, reply) => {
      try {
        await database.pool.query('select 1');
        return { status: 'ok', database: 'reachable' };
      } catch {
        return reply.code(503).send({ status: 'degraded', database: 'unreachable' });
      }
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );
}
