// RuleTester for every shipped rule: each valid fixture yields no finding of that rule, each invalid
// fixture yields at least one, where an `output` is given the fixer produces exactly that, and where
// a `check` is given the fixed code still runs it successfully (behaviour kept, python/javascript).
import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/analysis/engine.js';
import { fixCode } from '../../src/analysis/fix.js';
import { defaultRuleIndex } from '../../src/analysis/rules.js';
import type { Fixture } from '../../src/analysis/rule-schema.js';
import { CHECK_RUNNERS, runBehaviourCheck } from './behaviour-check.js';

const index = defaultRuleIndex();

function normalize(fixture: Fixture, fallback: string) {
  return typeof fixture === 'string'
    ? { code: fixture, language: fallback, output: undefined, check: undefined }
    : { code: fixture.code, language: fixture.language ?? fallback, output: fixture.output, check: fixture.check };
}


describe.each(index.rules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  const language = rule.languages[0];

  it.each(rule.tests.valid.map((f, i) => [i, normalize(f, language)] as const))('valid #%i has no finding', (_i, fx) => {
    const result = scanCode(fx.code, { language: fx.language, rules: index, ruleIds: [rule.id] });
    expect(result.error).toBeUndefined();
    expect(result.findings.map((f) => f.snippet)).toEqual([]);
  });

  it.each(rule.tests.invalid.map((f, i) => [i, normalize(f, language)] as const))('invalid #%i is found (and fixed)', (_i, fx) => {
    const result = scanCode(fx.code, { language: fx.language, rules: index, ruleIds: [rule.id] });
    expect(result.error).toBeUndefined();
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings[0].cwe).toEqual(rule.cwe);
    if (fx.output !== undefined) {
      const fixed = fixCode(fx.code, { language: fx.language, rules: index, ruleIds: [rule.id] });
      expect(fixed.code.trim()).toBe(fx.output.trim());
      expect(fixed.remaining).toEqual([]);
      if (fx.check !== undefined) {
        expect(CHECK_RUNNERS[fx.language], `${rule.file}: behaviour checks run for ${Object.keys(CHECK_RUNNERS).join(', ')} only`).toBeDefined();
        const run = runBehaviourCheck(fx.language, fixed.code, fx.check);
        expect(run.status, `${rule.file}: behaviour check failed after the fix:\n${run.output}`).toBe(0);
      }
    } else {
      expect(fx.check, `${rule.file}: a behaviour check needs an output to run against`).toBeUndefined();
    }
  });

  it('has fix fixtures when it is fixable', () => {
    if (!rule.fix && !rule.fixer) return;
    const withOutput = rule.tests.invalid.filter((f) => typeof f !== 'string' && f.output !== undefined);
    expect(withOutput.length, `${rule.file}: a fixable rule needs at least one invalid fixture with output`).toBeGreaterThan(0);
  });
});
