import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { defaultRewardConfig } from '../../src/reward/config.js';
import { RewardScorer } from '../../src/reward/scorer.js';
import { Sandbox } from '../../src/sandbox/index.js';
import { fence } from './support.js';

const sandbox = new Sandbox();
const scorer = new RewardScorer({ config: defaultRewardConfig(), sandbox });
const app = await buildServer({ context: { rewardScorer: scorer } });
afterAll(async () => {
  await app.close();
  await sandbox.close();
});

const prompt = 'Write add(a, b) in Python.\n';
const tests = { test: 'def check(candidate):\n    assert candidate(2, 3) == 5\n', entry_point: 'add' };
const label = JSON.stringify({ oracle: 'correctness', language: 'python', tests });
const good = `${prompt}Here it is.\n${fence('def add(a, b):\n    return a + b')}`;
const vulnerable = `${prompt}Here it is.\n${fence('def add(a, b):\n    return eval(f"{a} + {b}")')}`;

describe('POST /get_reward (OpenRLHF remote reward model)', () => {
  it('strips the prompt from the query and returns rewards, scores and extra_logs', async () => {
    const res = await app.inject({ method: 'POST', url: '/get_reward', payload: { query: [good, vulnerable], prompts: [prompt, prompt], labels: [label, label] } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rewards).toHaveLength(2);
    expect(body.scores).toEqual([1, 1]);
    expect(body.rewards[0]).toBeGreaterThan(body.rewards[1]);
    expect(body.extra_logs.functional).toEqual([1, 1]);
    expect(body.extra_logs.security[0]).toBe(1);
    expect(body.extra_logs.security[1]).toBeLessThan(1);
    expect(body.extra_logs.invalid).toEqual([0, 0]);
    expect(body.errors).toEqual([null, null]);
  });

  it('answers each bad sample with its own error and scores the rest', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const res = await app.inject({
      method: 'POST',
      url: '/get_reward',
      payload: {
        query: [good, 42, good, good, huge, good],
        prompts: [prompt, prompt, prompt, prompt, '', prompt],
        labels: [label, label, '{"oracle": "correctness", "tests": ', JSON.stringify({ oracle: 'vibes' }), label, JSON.stringify({ oracle: 'correctness', tests: { bogus: 1 } })],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rewards).toHaveLength(6);
    expect(body.rewards[0]).toBeGreaterThan(0.9);
    expect(body.extra_logs.invalid).toEqual([0, 1, 1, 1, 1, 1]);
    expect(body.errors[1].message).toContain('"completion" must be a string');
    expect(body.errors[2].message).toContain('label is not valid JSON');
    expect(body.errors[3].message).toContain('unknown oracle "vibes"');
    expect(body.errors[4].message).toContain('the limit is');
    expect(body.errors[5].message).toContain('label.tests');
  });

  it('rejects a malformed request body with an OpenAI error object', async () => {
    const missing = await app.inject({ method: 'POST', url: '/get_reward', payload: { prompts: [] } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.type).toBe('invalid_request_error');
    const mismatched = await app.inject({ method: 'POST', url: '/get_reward', payload: { query: [good], prompts: [] } });
    expect(mismatched.statusCode).toBe(400);
    expect(mismatched.json().error.param).toBe('prompts');
    const garbage = await app.inject({ method: 'POST', url: '/get_reward', headers: { 'content-type': 'application/json' }, payload: '{"query": [\u0000' });
    expect(garbage.statusCode).toBe(400);
  });

  it('serves many concurrent one-sample requests over a real socket', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const bodies = Array.from({ length: 24 }, (_, i) => ({ query: [`${prompt}${fence(`def add(a, b):\n    return a + b + ${i % 2}`)}`], prompts: [prompt], labels: [label] }));
    const post = async (body: unknown) => {
      const response = await fetch(`${address}/get_reward`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as { scores: number[] };
    };
    const results = await Promise.all(bodies.map(post));
    expect(results.filter((r) => r.scores[0] === 1)).toHaveLength(12);
  });
});

describe('POST /v1/rewards (batch)', () => {
  it('returns per-sample scores, components and means; errors stay per sample', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      payload: {
        include_diagnostics: true,
        samples: [
          { id: 'a', prompt, completion: `Here.\n${fence('def add(a, b):\n    return a + b')}`, oracle: 'correctness', language: 'python', tests },
          { id: 'b', prompt, completion: 'No code today, add them yourself please.', oracle: 'correctness', tests },
          { id: 'c', prompt },
          'not an object',
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data[0]).toMatchObject({ id: 'a', oracle: 'correctness', pass: 1, components: { functional: 1, security: 1 } });
    expect(body.data[0].diagnostics.functional).toMatchObject({ passed: 1, total: 1 });
    expect(body.data[1].score).toBeLessThan(body.data[0].score);
    expect(body.data[2]).toMatchObject({ id: 'c', error: { code: 'invalid_input' } });
    expect(body.data[3].error.message).toContain('JSON object');
    expect(body.summary).toMatchObject({ count: 4, errors: 2 });
    expect(body.summary.means.functional).toBeCloseTo(0.5);
  });

  it('exposes reward metrics on /metrics', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toContain('codeward_reward_samples_total{oracle="correctness",outcome="scored"}');
    expect(res.body).toContain('codeward_reward_component_value_sum{component="functional"}');
    expect(res.body).toContain('codeward_reward_sample_duration_seconds_bucket');
  });
});

describe('stripPrompt', async () => {
  const { stripPrompt } = await import('../../src/reward/sample.js');
  it('removes the prompt, also when detokenization changed its surrounding whitespace', () => {
    expect(stripPrompt('PROMPT\nanswer', 'PROMPT\n')).toBe('answer');
    expect(stripPrompt(' Write add.\n answer', 'Write add.')).toBe('\n answer');
    expect(stripPrompt('answer only', 'some other prompt')).toBe('answer only');
  });
});

describe('POST /v1/rewards with group-relative terms', () => {
  it('scores a batch together so one group shares Kimi length rewards', async () => {
    const kimi = await buildServer({ context: { rewardScorer: new RewardScorer({ config: defaultRewardConfig({ length: { method: 'kimi' } }), sandbox }) } });
    try {
      const code = fence('def add(a, b):\n    return a + b');
      const res = await kimi.inject({
        method: 'POST',
        url: '/v1/rewards',
        payload: {
          samples: [
            { prompt, completion: `Short.\n${code}`, oracle: 'correctness', tests, group_id: 'g' },
            { prompt, completion: `${'A longer explanation of addition. '.repeat(30)}\n${code}`, oracle: 'correctness', tests, group_id: 'g' },
            { prompt, completion: 42, oracle: 'correctness', group_id: 'g' },
          ],
        },
      });
      const body = res.json();
      expect(body.data[0].components.length).toBe(0.5);
      expect(body.data[1].components.length).toBe(-0.5);
      expect(body.data[0].score).toBeGreaterThan(body.data[1].score);
      expect(body.data[2].error.code).toBe('invalid_input');
    } finally {
      await kimi.close();
    }
  });
});
