import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRewardConfig, loadRewardConfig, parseRewardConfig } from '../../src/reward/config.js';
import { packagePath } from '../../src/shared/paths.js';

describe('reward config', () => {
  it('has secure-by-default defaults', () => {
    const config = defaultRewardConfig();
    expect(config.oracles.correctness.security).toBeGreaterThan(0);
    expect(config.security.severityWeights).toMatchObject({ critical: 1, high: 1, medium: 0.5 });
    expect(config.security.noCodeScore).toBe(0.8);
    expect(config.functional).toMatchObject({ syntaxError: 0, validSyntax: 0.2, executes: 0.4, producesOutput: 0.6, testsWeight: 0.4 });
    expect(config.length.cosine).toMatchObject({ r0c: 2, rTc: 1, r0w: -10, rTw: 0 });
  });

  it('loads the example YAML and keeps defaults for what it leaves out', () => {
    const config = loadRewardConfig(packagePath('examples', 'rewards', 'reward-config.yml'));
    expect(config.length.method).toBe('cosine');
    expect(config.length.cosine.maxTokens).toBe(2048);
    expect(config.oracles.codesec.security).toBe(0.7);
    expect(config.oracles.correctness.functional).toBe(0.6);
  });

  it('rejects bad values and broken YAML with the path of the problem', () => {
    expect(() => parseRewardConfig({ length: { method: 'sqrt' } })).toThrow(/length\.method/);
    expect(() => parseRewardConfig({ security: { noCodeScore: 2 } })).toThrow(/security\.noCodeScore/);
    expect(() => parseRewardConfig({ oracles: { correctness: { functionality: 1 } } })).toThrow(/oracles\.correctness/);
    const dir = mkdtempSync(join(tmpdir(), 'codeward-reward-config-'));
    writeFileSync(join(dir, 'bad.yml'), 'length: [unclosed');
    expect(() => loadRewardConfig(join(dir, 'bad.yml'))).toThrow(/not valid YAML/);
    expect(() => loadRewardConfig(join(dir, 'missing.yml'))).toThrow(/Cannot read/);
  });
});
