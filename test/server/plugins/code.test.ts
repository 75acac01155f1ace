// POST /v1/scan and /v1/fix through app.inject(): code and LLM-answer inputs, SARIF, and OpenAI error objects.
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';

describe('code plugin', async () => {
  const app = await buildServer();
  afterAll(() => app.close());
  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  it('scans code with a language', async () => {
    const res = await post('/v1/scan', { code: 'import yaml\nx = yaml.load(s)\n', language: 'python' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.findings).toBeGreaterThan(0);
    expect(body.results[0].findings[0]).toMatchObject({ ruleId: 'python-yaml-unsafe-load', cwe: ['CWE-502'] });
  });

  it('scans the code blocks of an LLM answer and guesses untagged languages', async () => {
    const text = 'Here:\n```\nimport yaml\ndef f(s):\n    return yaml.load(s)\n```\nand\n```json\n{"a": 1}\n```\n';
    const res = await post('/v1/scan', { text });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(1);
    expect(res.json().results[0]).toMatchObject({ language: 'python', block: { fenced: true } });
  });

  it('returns SARIF on request', async () => {
    const res = await post('/v1/scan', { code: 'import yaml\nyaml.load(s)\n', language: 'py', format: 'sarif' });
    expect(res.json()).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'codeward' } } }] });
    expect(res.json().runs[0].results[0].ruleId).toBe('python-yaml-unsafe-load');
  });

  it('fixes code and answers', async () => {
    const res = await post('/v1/fix', { code: 'import yaml\nx = yaml.load(s)\n', language: 'python' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'import yaml\nx = yaml.safe_load(s)\n', remaining: [] });
    expect(res.json().applied[0].ruleId).toBe('python-yaml-unsafe-load');
    const answer = 'Sure:\n  ```python\n  import yaml\n  cfg = yaml.load(f)\n  ```\nDone.';
    const fixed = await post('/v1/fix', { text: answer });
    expect(fixed.json().text).toBe('Sure:\n  ```python\n  import yaml\n  cfg = yaml.safe_load(f)\n  ```\nDone.');
  });

  it('answers bad input with OpenAI error objects', async () => {
    const cases: [unknown, number][] = [
      [{}, 400],
      [{ code: 42 }, 400],
      [{ code: 'x = 1', language: 'cobol' }, 400],
      [{ code: 'hello there', extra: true }, 400],
      [{ code: '???' }, 400],
    ];
    for (const [payload, status] of cases) {
      const res = await post('/v1/scan', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error).toMatchObject({ type: 'invalid_request_error' });
      expect(res.json().error.message.length).toBeGreaterThan(10);
    }
    const malformed = await app.inject({ method: 'POST', url: '/v1/fix', headers: { 'content-type': 'application/json' }, payload: '{"code": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.type).toBe('invalid_request_error');
  });

  it('survives binary garbage and oversize code', async () => {
    const garbage = await post('/v1/scan', { code: '\u0000\uFFFD\u0001'.repeat(1000), language: 'c' });
    expect(garbage.statusCode).toBe(200);
    const huge = await post('/v1/scan', { code: 'x'.repeat(9 * 1024 * 1024), language: 'python' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toBe('invalid_input');
  });
});
