import { afterEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/config/index.js';
import { reply } from '../support/scripted-openai.js';
import { BENIGN, CLEAN_ANSWER, MALICIOUS, VULNERABLE_ANSWER, chatBody, startGateway, type Gateway } from './gateway-harness.js';

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('client API keys', () => {
  it('requires a configured key on every route but /healthz, by bearer or x-api-key, and never logs it', async () => {
    gateway = await startGateway(() => reply.answer(CLEAN_ANSWER), { server: { apiKeys: [hashApiKey('sk-client-one'), hashApiKey('sk-client-two')] } });
    const call = (headers: Record<string, string>) => gateway!.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: chatBody(BENIGN), headers });
    const missing = await call({});
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({ type: 'authentication_error', code: 'unauthorized', message: expect.stringMatching(/Bearer/) });
    expect((await call({ authorization: 'Bearer sk-wrong' })).statusCode).toBe(401);
    expect((await call({ authorization: 'Bearer sk-client-two' })).statusCode).toBe(200);
    expect((await call({ 'x-api-key': 'sk-client-one' })).statusCode).toBe(200);
    expect((await gateway.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await gateway.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const rows = gateway.audit.query();
    expect(rows).toHaveLength(2);
    expect(rows[0].client).toMatch(/^[0-9a-f]{12}$/);
    expect(rows[0].client).not.toBe(rows[1].client);
    expect(JSON.stringify(rows)).not.toContain('sk-client');
    // The upstream gets the gateway's own upstream key (none here), never the client's.
    expect(gateway.upstream.requests[0].headers.authorization).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('answers 429 with an OpenAI error past the limit', async () => {
    gateway = await startGateway(() => reply.answer(CLEAN_ANSWER), { server: { rateLimit: { enabled: true, max: 2, windowMs: 60_000 } } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: chatBody(BENIGN) })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const limited = await gateway.app.inject({ method: 'GET', url: '/v1/models' });
    expect(limited.json().error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('LiteLLM generic guardrail API', () => {
  const url = '/beta/litellm_basic_guardrail_api';
  const call = (payload: unknown) => gateway!.app.inject({ method: 'POST', url, payload: payload as object });

  it('blocks a malicious request with a reason and lets a benign one through', async () => {
    gateway = await startGateway(() => undefined);
    const blocked = await call({ texts: [MALICIOUS], input_type: 'request', request_data: {}, litellm_call_id: 'call-1', additional_provider_specific_params: {} });
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json()).toMatchObject({ action: 'BLOCKED', blocked_reason: expect.stringMatching(/I can't help/) });
    expect((await call({ texts: [BENIGN], input_type: 'request' })).json()).toEqual({ action: 'NONE' });
    expect(gateway.audit.query({ action: 'blocked' })[0]).toMatchObject({ id: 'guardrail-call-1-request', endpoint: 'guardrail' });
  });

  it('rewrites vulnerable code in a response and leaves clean text alone', async () => {
    gateway = await startGateway(() => undefined, { refiner: { enabled: false } });
    const fixed = await call({ texts: [VULNERABLE_ANSWER, 'plain prose'], input_type: 'response' });
    expect(fixed.json().action).toBe('GUARDRAIL_INTERVENED');
    expect(fixed.json().texts[0]).toContain('yaml.safe_load(f)');
    expect(fixed.json().texts[1]).toBe('plain prose');
    expect((await call({ texts: [CLEAN_ANSWER], input_type: 'response' })).json()).toEqual({ action: 'NONE' });
  });

  it('answers OpenAI errors for malformed guardrail requests', async () => {
    gateway = await startGateway(() => undefined);
    for (const payload of [{}, { texts: [{}] }, { texts: ['a'], input_type: 'sideways' }]) {
      const res = await call(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.type).toBe('invalid_request_error');
    }
  });
});
