import { afterAll, describe, expect, it } from 'vitest';
import { functionalReward, partialCredit } from '../../src/reward/functional.js';
import { defaultRewardConfig } from '../../src/reward/config.js';
import { Sandbox } from '../../src/sandbox/index.js';
import type { TestReport } from '../../src/sandbox/results.js';
import { fence, rewardContext, sample } from './support.js';

const ladder = defaultRewardConfig().functional;
const report = (over: Partial<TestReport>): TestReport => ({
  status: 'wrong_answer', cases: [], syntax_valid: true, compiled: true, executed_without_error: true, produced_output: false,
  tests_passed: 0, tests_total: 4, durationMs: 1, ...over,
});

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const tests = {
  test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n',
  entry_point: 'add',
};
const mbpp = { test_list: ['assert add(1, 2) == 3', 'assert add(2, 2) == 4', 'assert add(0, 0) == 0', 'assert add(5, 5) == 10'] };

describe('partialCredit (SecureCodeRL ladder)', () => {
  it('maps the report onto 0 / 0.2 / 0.4 / 0.6 / 0.6 + 0.4·k/T', () => {
    expect(partialCredit(report({ syntax_valid: false, compiled: false, executed_without_error: false }), ladder)).toBe(0);
    expect(partialCredit(report({ executed_without_error: false }), ladder)).toBe(0.2);
    expect(partialCredit(report({}), ladder)).toBe(0.4);
    expect(partialCredit(report({ produced_output: true }), ladder)).toBe(0.6);
    expect(partialCredit(report({ produced_output: true, tests_passed: 1 }), ladder)).toBeCloseTo(0.7);
    expect(partialCredit(report({ tests_passed: 4 }), ladder)).toBeCloseTo(1);
  });

  it('follows a configured ladder', () => {
    const custom = { ...ladder, validSyntax: 0.1, testsWeight: 0.2, producesOutput: 0.8 };
    expect(partialCredit(report({ executed_without_error: false }), custom)).toBe(0.1);
    expect(partialCredit(report({ tests_passed: 4 }), custom)).toBeCloseTo(1);
  });
});

describe('functionalReward in the real sandbox', () => {
  const ctx = rewardContext({}, { sandbox });

  it('gives full credit to a correct program and partial credit to a partly correct one', async () => {
    const good = await functionalReward(sample(`Sure:\n${fence('def add(a, b):\n    return a + b')}`, { tests }), ctx);
    expect(good.score).toBe(1);
    const partial = await functionalReward(sample(fence('def add(a, b):\n    return a + b if a < 2 else 0'), { tests: mbpp }), ctx);
    expect(partial.score).toBeCloseTo(0.6 + 0.4 * (2 / 4));
    expect(partial.diagnostics.functional).toMatchObject({ passed: 2, total: 4 });
  });

  it('gives 0 to a syntax error and to an answer without code (hacking case: no code)', async () => {
    const broken = await functionalReward(sample(fence('def add(a, b)\n    return a +'), { tests }), ctx);
    expect(broken.score).toBe(0);
    const noCode = await functionalReward(sample('Just add the two numbers with the plus operator, it is trivial.', { tests }), ctx);
    expect(noCode.score).toBe(0);
    expect(noCode.diagnostics.functional).toMatchObject({ noCode: true });
  });

  it('is unavailable (null, never a silent 0) without tests or without a sandbox', async () => {
    expect((await functionalReward(sample(fence('x = 1')), ctx)).components.functional).toBeNull();
    const noSandbox = await functionalReward(sample(fence('x = 1'), { tests }), rewardContext());
    expect(noSandbox.components.functional).toBeNull();
    expect(noSandbox.diagnostics.functional).toMatchObject({ unavailable: true, reason: 'no sandbox configured' });
  });

  it('reports a bad test spec as unavailable with its error', async () => {
    const result = await functionalReward(sample(fence('x = 1'), { tests: { nonsense: true } }), ctx);
    expect(result.components.functional).toBeNull();
    expect(result.diagnostics.functional).toMatchObject({ unavailable: true, code: 'invalid_input' });
  });
});
