import { afterEach, describe, expect, it } from 'vitest';
import { reviewCode } from '../../src/guard/index.js';
import { LlmClient } from '../../src/llm/index.js';
import { reply, startScriptedOpenAI, type ScriptedOpenAI } from '../support/scripted-openai.js';

let upstream: ScriptedOpenAI | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const SHELL = 'import subprocess\n\ndef run(name):\n    return subprocess.run("ls " + name, shell=True)\n';
const SAFE = 'import subprocess\n\ndef run(name):\n    return subprocess.run(["ls", name])\n';

async function refinerAnswering(...answers: string[]): Promise<LlmClient> {
  upstream = await startScriptedOpenAI(({ index }) => reply.answer(answers[Math.min(index, answers.length - 1)]));
  return new LlmClient({ baseUrl: upstream.url, model: 'refiner', retryBaseMs: 1, timeoutMs: 2000 });
}

describe('reviewCode', () => {
  it('leaves clean code alone without calling the refiner', async () => {
    const client = await refinerAnswering('unused');
    const review = await reviewCode('def add(a, b):\n    return a + b\n', 'python', { client, maxAttempts: 1 });
    expect(review).toMatchObject({ outcome: 'clean', findings: [], changes: [] });
    expect(upstream!.requests).toHaveLength(0);
  });

  it('accepts a verified fix and records what changed', async () => {
    const client = await refinerAnswering(`Fixed:\n\`\`\`python\n${SAFE}\`\`\``);
    const review = await reviewCode(SHELL, 'python', { client, maxAttempts: 1 });
    expect(review.outcome).toBe('refined');
    expect(review.code).toBe(SAFE.trimEnd());
    expect(review.remaining).toEqual([]);
    expect(review.changes).toEqual([expect.objectContaining({ ruleId: 'python-subprocess-shell-injection', by: 'refiner', line: 4 })]);
    expect(review.refinerAttempts).toEqual([{ accepted: true, reason: 'verified' }]);
  });

  const rejected: Array<[string, string, RegExp]> = [
    ['does not parse', '```python\ndef run(name:\n    return subprocess.run(["ls", name]\n```', /does not parse/],
    ['unchanged', `\`\`\`python\n${SHELL}\`\`\``, /unchanged/],
    ['still vulnerable', '```python\nimport subprocess\n\ndef run(name):\n    return subprocess.run("ls -l " + name, shell=True)\n```', /not cleaner/],
    ['a stub', '```python\ndef run(name):\n    pass\n```', /trivial fix/],
  ];
  it.each(rejected)('rejects a fix that %s and retries up to maxAttempts', async (_name, answer, reason) => {
    const client = await refinerAnswering(answer);
    const review = await reviewCode(SHELL, 'python', { client, maxAttempts: 2 });
    expect(review.outcome).not.toBe('refined');
    expect(review.refinerAttempts).toHaveLength(2);
    expect(review.refinerAttempts[0].reason).toMatch(reason);
    expect(upstream!.requests).toHaveLength(2);
  });

  it('falls back to the fast scaffolds when the refiner is unavailable', async () => {
    const client = new LlmClient({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', maxRetries: 0 });
    const review = await reviewCode('import yaml\n\ndef load(f):\n    return yaml.load(f)\n', 'python', { client, maxAttempts: 1 });
    expect(review.outcome).toBe('fixed');
    expect(review.code).toContain('yaml.safe_load(f)');
    expect(review.refinerAttempts[0].reason).toMatch(/refiner call failed/);
  });

  it('reports findings it cannot fix', async () => {
    // No safe deterministic rewrite exists for deserializing untrusted bytes.
    const UNFIXABLE = 'import pickle\n\ndef load(data):\n    return pickle.loads(data)\n';
    const review = await reviewCode(UNFIXABLE, 'python', { maxAttempts: 1 });
    expect(review.outcome).toBe('unfixed');
    expect(review.remaining.map((f) => f.ruleId)).toEqual(['python-pickle-deserialization']);
  });

  it('requires supplied tests to keep passing, unless the original failed them too', async () => {
    const client = await refinerAnswering(`\`\`\`python\n${SAFE}\`\`\``);
    const failsFixed = await reviewCode(SHELL, 'python', { client, maxAttempts: 1, tests: 't', runTests: async ({ code }) => code === SHELL });
    expect(failsFixed.refinerAttempts[0].reason).toBe('supplied tests fail');
    const failsBoth = await reviewCode(SHELL, 'python', { client, maxAttempts: 1, tests: 't', runTests: async () => false });
    expect(failsBoth.outcome).toBe('refined');
    const broken = await reviewCode(SHELL, 'python', { client, maxAttempts: 1, tests: 't', runTests: async () => { throw new Error('no sandbox'); } });
    expect(broken.refinerAttempts[0].reason).toMatch(/could not run: no sandbox/);
  });
});
