// GET /metrics in Prometheus text format, and request counting/latency for every route.
import type { FastifyPluginAsync } from 'fastify';
import { httpRequestDuration, httpRequests, metricsRegistry } from '../metrics.js';
import type { PluginOptions } from '../plugins.js';

const metricsPlugin: FastifyPluginAsync<PluginOptions> = async (app) => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    const labels = { route, method: request.method, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
};

// Hooks must apply to the whole server, not only this plugin's encapsulated context.
(metricsPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export default metricsPlugin;
