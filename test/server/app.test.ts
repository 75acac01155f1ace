import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';

describe('server skeleton', async () => {
  const app = await buildServer();
  afterAll(() => app.close());

  it('answers /healthz', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with an OpenAI error object', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ type: 'not_found_error', code: 'not_found' });
  });

  it('serves Prometheus metrics that count requests', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('codeward_http_requests_total{route="/healthz",method="GET",status="200"}');
  });
});
