// A rule that cannot run (a kind the language lacks, a regex that does not compile) is reported in
// ScanResult.ruleErrors while every other rule still runs and the scan never throws.
import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/analysis/engine.js';
import { parseRule, RuleIndex } from '../../src/analysis/rules.js';

const WORKING = `id: test-eval-call
languages: [python]
severity: high
cwe: [CWE-95]
message: eval of a value.
help: Test rule.
tests: { valid: ["x = 1"], invalid: ["x = 1"] }
rule:
  pattern: eval($X)
`;

const NO_SUCH_KIND = `id: test-no-such-kind
languages: [python]
severity: medium
cwe: [CWE-20]
message: A kind Python's grammar does not have.
help: Test rule.
tests: { valid: ["x = 1"], invalid: ["x = 1"] }
rule:
  kind: no_such_kind_in_python
`;

const BAD_REGEX = `id: test-bad-regex
languages: [python]
severity: medium
cwe: [CWE-20]
message: A regex that does not compile.
help: Test rule.
tests: { valid: ["x = 1"], invalid: ["x = 1"] }
rule:
  kind: call
  regex: '(unclosed'
`;

const CODE = 'x = input()\nresult = eval(x)\n';

describe('rule errors', () => {
  it('reports a rule whose kind the language lacks and still returns the other findings', () => {
    const rules = new RuleIndex([parseRule(WORKING, 'working.yml'), parseRule(NO_SUCH_KIND, 'kind.yml')]);
    const result = scanCode(CODE, { language: 'python', rules });
    expect(result.error).toBeUndefined();
    expect(result.findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([['test-eval-call', 2]]);
    expect(result.ruleErrors).toHaveLength(1);
    expect(result.ruleErrors![0].ruleId).toBe('test-no-such-kind');
    expect(result.ruleErrors![0].message.length).toBeGreaterThan(0);
  });

  it('reports a rule whose regex does not compile, once even when a fragment is read twice', () => {
    const rules = new RuleIndex([parseRule(BAD_REGEX, 'regex.yml'), parseRule(WORKING, 'working.yml')]);
    // Starts inside a docstring, so the engine reads it a second time behind a triple quote.
    const fragment = 'the end of a docstring\n"""\nresult = eval(x)\n';
    const result = scanCode(fragment, { language: 'python', rules });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['test-eval-call']);
    expect(result.ruleErrors?.map((e) => e.ruleId)).toEqual(['test-bad-regex']);
  });

  it('leaves ruleErrors out when every rule runs', () => {
    const result = scanCode(CODE, { language: 'python' });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.ruleErrors).toBeUndefined();
  });
});
