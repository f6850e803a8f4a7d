import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Store } from '../store/open-store.js';

/** What the health endpoints look at. */
export interface HealthDeps {
  store: Pick<Store, 'ping'>;
  metrics: Registry;
}

/**
 * `/healthz` (the process answers) and `/readyz` (the store answers), public because they reveal
 * nothing; `/metrics` (Prometheus) for platform admins or the scrape token `BERTH_METRICS_TOKEN`.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const config = { authorize: { public: true as const } };
  const metricsConfig = {
    authorize: { action: 'metrics.read', kind: 'metrics', serviceToken: 'metrics' as const },
  };
  app.get('/healthz', { config, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config, schema: { hide: true } }, async (_request, reply) => {
    const ok = await deps.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'store unreachable' });
  });
  app.get('/metrics', { config: metricsConfig, schema: { hide: true } }, async (_request, reply) => {
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
