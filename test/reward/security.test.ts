import { describe, expect, it } from 'vitest';
import { securityReward } from '../../src/reward/security.js';
import { fence, rewardContext, sample } from './support.js';

const vulnerable = 'import yaml\n\ndef load(path):\n    with open(path) as fh:\n        return yaml.load(fh)\n';
const fixed = vulnerable.replace('yaml.load(fh)', 'yaml.safe_load(fh)');

describe('securityReward', () => {
  it('scores clean code 1 and vulnerable code lower, with per-CWE diagnostics', async () => {
    const ctx = rewardContext();
    const clean = await securityReward(sample(fence(fixed)), ctx);
    expect(clean.score).toBe(1);
    const bad = await securityReward(sample(`Here you go:\n${fence(vulnerable)}`), ctx);
    expect(bad.score).toBeLessThan(1);
    const diag = bad.diagnostics.security as { findings: number; byCwe: Record<string, { rules: string[] }> };
    expect(diag.findings).toBeGreaterThan(0);
    expect(Object.keys(diag.byCwe)[0]).toMatch(/^CWE-/);
    expect(Object.values(diag.byCwe)[0].rules).toContain('python-yaml-unsafe-load');
  });

  it('uses configurable severity weights and clamps at 0', async () => {
    const finding = await securityReward(sample(fence(vulnerable)), rewardContext());
    const sev = finding.diagnostics.security as { penalty: number };
    expect(finding.score).toBeCloseTo(1 - Math.min(1, sev.penalty));
    const lenient = await securityReward(sample(fence(vulnerable)), rewardContext({ security: { severityWeights: { critical: 0, high: 0, medium: 0, low: 0 } } }));
    expect(lenient.score).toBe(1);
    const many = await securityReward(sample(fence(`${vulnerable}\n${vulnerable.replace('load(', 'load2(')}\n${vulnerable.replace('load(', 'load3(')}`)), rewardContext());
    expect(many.score).toBe(0);
  });

  it('gives the soft value to an answer without code (hacking case: no code)', async () => {
    const result = await securityReward(sample('I would rather explain the idea in words.'), rewardContext());
    expect(result.score).toBe(0.8);
    expect(result.diagnostics.security).toEqual({ noCode: true });
    const custom = await securityReward(sample('No code.'), rewardContext({ security: { noCodeScore: 0.5 } }));
    expect(custom.score).toBe(0.5);
  });

  it('scans every block in its own language', async () => {
    const answer = `${fence('const a = 1;', 'javascript')}\n\n${fence(vulnerable)}`;
    const result = await securityReward(sample(answer), rewardContext());
    expect(result.score).toBeLessThan(1);
  });
});

describe('securityReward on the detector worker pool', () => {
  it('gives the same findings off the event loop as in-thread', async () => {
    const { RewardScorer } = await import('../../src/reward/scorer.js');
    const { defaultRewardConfig } = await import('../../src/reward/config.js');
    const scorer = new RewardScorer({ config: defaultRewardConfig(), scanWorkers: 1 });
    try {
      const pooled = await securityReward(sample(fence(vulnerable)), scorer.ctx);
      const inThread = await securityReward(sample(fence(vulnerable)), rewardContext());
      expect(pooled.score).toBe(inThread.score);
      expect(pooled.diagnostics.security).toEqual(inThread.diagnostics.security);
    } finally {
      await scorer.close();
    }
  });
});
