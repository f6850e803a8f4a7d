import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The Prometheus registry of one control plane, with the process's default metrics. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'berth_' });
  return registry;
}

/** Records `berth_http_request_duration_seconds{method,route,status}` for every request. */
export function installRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const name = 'berth_http_request_duration_seconds';
  const existing = registry.getSingleMetric(name) as Histogram<'method' | 'route' | 'status'> | undefined;
  const histogram =
    existing ??
    new Histogram({
      name,
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
