// One Prometheus registry for the whole server; each capability registers its own metrics here
// and the metrics plugin serves them at GET /metrics.
import { Registry, collectDefaultMetrics, Histogram, Counter } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'codeward_' });

export const httpRequestDuration = new Histogram({
  name: 'codeward_http_request_duration_seconds',
  help: 'HTTP request latency by route and status.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const httpRequests = new Counter({
  name: 'codeward_http_requests_total',
  help: 'HTTP requests by route and status.',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
});
