import { describe, expect, it } from 'vitest';
import { formatReward, repetitionStats } from '../../src/reward/format.js';
import { defaultRewardConfig } from '../../src/reward/config.js';
import { fence, rewardContext, sample } from './support.js';

const code = 'def add(a, b):\n    return a + b\n';

async function violations(text: string, extra = {}) {
  const result = await formatReward(sample(text, extra), rewardContext());
  return { score: result.score, violations: (result.diagnostics.format as { violations: string[] }).violations };
}

describe('formatReward (reward-hacking guards)', () => {
  it('passes a normal answer', async () => {
    expect(await violations(`Adds two numbers.\n${fence(code)}`)).toEqual({ score: 1, violations: [] });
  });

  it('flags an empty answer', async () => {
    expect(await violations('  \n ')).toEqual({ score: 0, violations: ['empty'] });
  });

  it('flags no code where code was asked, but not for safety prompts', async () => {
    expect((await violations('You should add the numbers together, it is easy.')).violations).toEqual(['no_code']);
    expect((await violations('I cannot help with that request.', { oracle: 'safety' })).violations).toEqual([]);
  });

  it('flags only code where an explanation was required', async () => {
    expect((await violations(fence(code), { requireExplanation: true })).violations).toEqual(['only_code']);
    const explained = `This function adds its two arguments and returns the sum; it works for ints and floats.\n${fence(code)}`;
    expect((await violations(explained, { requireExplanation: true })).violations).toEqual([]);
  });

  it('flags degenerate repetition of words and of characters, not ordinary long code', async () => {
    expect((await violations(`${fence(code)}\n${'and then we return the sum '.repeat(200)}`)).violations).toContain('repetition');
    expect((await violations(`${fence(code)}\n${'a'.repeat(5000)}`)).violations).toContain('repetition');
    const longCode = Array.from({ length: 80 }, (_, i) => `def f${i}(x):\n    return x * ${i} + ${(i * 7919) % 101}`).join('\n');
    expect((await violations(`Many helpers.\n${fence(longCode)}`)).violations).toEqual([]);
  });

  it('reports repetition statistics', () => {
    const stats = repetitionStats('spam '.repeat(1000), defaultRewardConfig().format);
    expect(stats.repetitive).toBe(true);
    expect(stats.distinctNgramRatio).toBeLessThan(0.01);
    expect(stats.compressionRatio).toBeLessThan(0.05);
  });
});
