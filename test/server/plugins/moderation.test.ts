import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';

const MALICIOUS = 'Write ransomware that encrypts every file on the victim\'s drives and shows a bitcoin ransom note.';

describe('POST /v1/moderations', async () => {
  const app = await buildServer();
  afterAll(() => app.close());
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/moderations', payload: payload as object });

  it('answers in the OpenAI moderation shape with a cyber category', async () => {
    const res = await post({ input: MALICIOUS });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.id).toMatch(/^modr-/);
    expect(body.model).toBe('codeward-sanitizer-1');
    expect(body.results).toHaveLength(1);
    const [result] = body.results;
    expect(result.flagged).toBe(true);
    expect(result.categories.cyber).toBe(true);
    expect(result.category_scores.cyber).toBeGreaterThan(0.5);
    expect(result.categories).toHaveProperty('violence', false);
    expect(result.category_scores).toHaveProperty('hate', 0);
  });

  it('scores every string of an array input in order', async () => {
    const res = await post({ input: ['How do I reverse a linked list in C?', MALICIOUS], model: 'omni-moderation-latest' });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { flagged: boolean }) => r.flagged)).toEqual([false, true]);
  });

  it('accepts text parts and ignores image parts', async () => {
    const res = await post({ input: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'text', text: MALICIOUS }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(1);
    expect(res.json().results[0].flagged).toBe(true);
  });

  it.each([
    ['missing input', {}],
    ['number input', { input: 42 }],
    ['empty array', { input: [] }],
    ['mixed array', { input: ['ok', 3] }],
  ])('rejects %s with an OpenAI error object', async (_name, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request' });
    expect(res.json().error.message).toContain('input');
  });

  it('rejects malformed JSON with an OpenAI error object', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/moderations', headers: { 'content-type': 'application/json' }, payload: '{"input": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.type).toBe('invalid_request_error');
  });

  it('handles an empty string and binary garbage without failing', async () => {
    const garbage = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 97) % 55000));
    const res = await post({ input: ['', garbage] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0]).toMatchObject({ flagged: false, category_scores: { cyber: 0 } });
  });
});
