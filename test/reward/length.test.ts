import { describe, expect, it } from 'vitest';
import { defaultRewardConfig } from '../../src/reward/config.js';
import { cosineLengthReward, dapoOverlongPenalty, kimiLengthRewards, lengthReward, linearLengthPenalty } from '../../src/reward/length.js';
import { approximateTokenCounter, tokenCounter } from '../../src/reward/tokens.js';
import { rewardContext, sample } from './support.js';

const cfg = defaultRewardConfig().length;

describe('length rewards', () => {
  it('linear: no penalty within budget, linear beyond, capped', () => {
    const linear = { budget: 100, penaltyPerToken: 0.01, maxPenalty: 0.5 };
    expect(linearLengthPenalty(100, linear)).toBe(0);
    expect(linearLengthPenalty(120, linear)).toBeCloseTo(-0.2);
    expect(linearLengthPenalty(10_000, linear)).toBe(-0.5);
  });

  it('cosine (Yeo et al.): r0c=2 → rTc=1 when correct, r0w=−10 → rTw=0 when wrong, exceed penalty', () => {
    const c = cfg.cosine;
    expect(cosineLengthReward(0, true, c)).toBeCloseTo(2);
    expect(cosineLengthReward(c.maxTokens, true, c)).toBeCloseTo(1);
    expect(cosineLengthReward(c.maxTokens / 2, true, c)).toBeCloseTo(1.5);
    expect(cosineLengthReward(0, false, c)).toBeCloseTo(-10);
    expect(cosineLengthReward(c.maxTokens, false, c)).toBeCloseTo(0);
    expect(cosineLengthReward(c.maxTokens + 1, true, c)).toBe(-10);
    // Shorter correct answers earn more; longer wrong answers are punished less (more exploration).
    expect(cosineLengthReward(100, true, c)).toBeGreaterThan(cosineLengthReward(2000, true, c));
    expect(cosineLengthReward(100, false, c)).toBeLessThan(cosineLengthReward(2000, false, c));
  });

  it('DAPO soft overlong: 0, then linear to −1 over the cache zone, −1 beyond', () => {
    const d = { maxTokens: 1000, cacheTokens: 200 };
    expect(dapoOverlongPenalty(800, d)).toBe(0);
    expect(dapoOverlongPenalty(900, d)).toBeCloseTo(-0.5);
    expect(dapoOverlongPenalty(1000, d)).toBeCloseTo(-1);
    expect(dapoOverlongPenalty(5000, d)).toBe(-1);
  });

  it('Kimi k1.5: group-relative, shortest correct +0.5, wrong answers never positive', () => {
    expect(kimiLengthRewards([100, 200, 300], [true, true, true])).toEqual([0.5, 0, -0.5]);
    expect(kimiLengthRewards([100, 200, 300], [false, true, false])).toEqual([0, 0, -0.5]);
    expect(kimiLengthRewards([50, 50], [true, false])).toEqual([0, 0]);
  });

  it('penalizes an overlong answer through the reward function (hacking case: overlong)', async () => {
    const ctx = rewardContext({ length: { method: 'dapo', dapo: { maxTokens: 1000, cacheTokens: 200 } } });
    const short = await lengthReward(sample('def f():\n    return 1\n'), ctx);
    const long = await lengthReward(sample('word '.repeat(5000)), ctx);
    expect(short.components.length).toBe(0);
    expect(long.components.length).toBe(-1);
    expect(long.diagnostics.length).toMatchObject({ tokenizer: 'approx(chars/4)', method: 'dapo' });
  });

  it('counts real tokens with tiktoken when configured, and approximates otherwise', () => {
    const text = 'def add(a, b):\n    return a + b\n';
    const exact = tokenCounter('cl100k_base').count(text);
    expect(exact).toBeGreaterThan(5);
    expect(exact).toBeLessThan(text.length);
    expect(approximateTokenCounter.count(text)).toBe(Math.ceil(text.length / 4));
    expect(tokenCounter('cl100k_base').count('x'.repeat(300_000))).toBe(75_000);
  });
});
