import { describe, expect, it } from 'vitest';
import { advantagesByGroup, dynamicSamplingFilter, groupAdvantages, passAtK, sampleStd, zeroVarianceStats } from '../../src/reward/grpo.js';

/** Reference pass@k by the binomial definition, for small n. */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i += 1) r = (r * (n - k + i)) / i;
  return r;
}

describe('GRPO utilities', () => {
  it('computes GRPO advantages with mean/std and ε, and Dr. GRPO without std', () => {
    const rewards = [1, 0, 0, 1];
    const std = sampleStd(rewards);
    expect(std).toBeCloseTo(Math.sqrt(1 / 3));
    const adv = groupAdvantages(rewards, { epsilon: 1e-6 });
    expect(adv[0]).toBeCloseTo(0.5 / (std + 1e-6));
    expect(adv.reduce((a, b) => a + b)).toBeCloseTo(0);
    expect(groupAdvantages(rewards, { method: 'drgrpo' })).toEqual([0.5, -0.5, -0.5, 0.5]);
    expect(groupAdvantages([0.7, 0.7, 0.7])).toEqual([0, 0, 0]);
  });

  it('computes advantages per group in row order', () => {
    const rows = [
      { groupId: 'a', score: 1 },
      { groupId: 'b', score: 5 },
      { groupId: 'a', score: 0 },
      { groupId: 'b', score: 5 },
    ];
    const adv = advantagesByGroup(rows, { method: 'drgrpo' });
    expect(adv).toEqual([0.5, 0, -0.5, 0]);
  });

  it('counts zero-variance groups and attributes them to flat components', () => {
    const rows = [
      // all solved: functional flat at 1
      { groupId: 'solved', score: 0.9, components: { functional: 1, security: 1 } },
      { groupId: 'solved', score: 0.9, components: { functional: 1, security: 1 } },
      // all failed
      { groupId: 'failed', score: 0.3, components: { functional: 0, security: 1 } },
      { groupId: 'failed', score: 0.3, components: { functional: 0, security: 1 } },
      // signal from security only
      { groupId: 'mixed', score: 0.9, components: { functional: 1, security: 1 } },
      { groupId: 'mixed', score: 0.6, components: { functional: 1, security: 0 } },
    ];
    const stats = zeroVarianceStats(rows);
    expect(stats.groups).toBe(3);
    expect(stats.zeroVarianceGroups).toBe(2);
    expect(stats.zeroVarianceFraction).toBeCloseTo(2 / 3);
    expect(stats.causes).toEqual({ 'functional=1.00': 1, 'security=1.00': 2, 'functional=0.00': 1 });
    expect(stats.constantComponentGroups).toEqual({ functional: 3, security: 2 });
  });

  it('filters groups without signal (DAPO dynamic sampling)', () => {
    const rows = [
      { groupId: 'a', score: 1 },
      { groupId: 'a', score: 1 },
      { groupId: 'b', score: 0 },
      { groupId: 'b', score: 1 },
      { groupId: 'c', score: 0.5 },
    ];
    const { kept, droppedGroups } = dynamicSamplingFilter(rows);
    expect(kept.map((r) => r.groupId)).toEqual(['b', 'b']);
    expect(droppedGroups).toEqual(['a', 'c']);
  });

  it('computes the unbiased pass@k estimator', () => {
    for (const [n, c, k] of [[10, 3, 1], [10, 3, 5], [20, 1, 10], [5, 0, 2], [5, 5, 1]]) {
      const expected = 1 - binomial(n - c, k) / binomial(n, k);
      expect(passAtK(n, c, k)).toBeCloseTo(expected, 10);
    }
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3);
    expect(passAtK(200, 190, 100)).toBe(1);
    expect(passAtK(1000, 1, 1)).toBeCloseTo(0.001);
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
  });
});
