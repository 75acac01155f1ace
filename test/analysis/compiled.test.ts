// The compiled rule engine against napi, the oracle: ast-grep pattern semantics on small cases, every rule's
// fixtures and a sample of the real corpora must give identical findings (ruleId and range) under both engines.
import { describe, expect, it } from 'vitest';
import { compareEngines } from '../../src/analysis/compiled/differential.js';
import { partitionRules } from '../../src/analysis/compiled/index.js';
import { COMPILED_LANGUAGES, compiledRule } from '../../src/analysis/compiled/index.js';
import { translateRegex, UnsupportedRegex } from '../../src/analysis/compiled/regex.js';
import { scanCode } from '../../src/analysis/engine.js';
import { languageFromPath, normalizeLanguage, type LanguageId } from '../../src/analysis/languages.js';
import { defaultRuleIndex, parseRule, RuleIndex } from '../../src/analysis/rules.js';
import { humanEvalProgram, loadCyberSecEval, loadHumanEval, loadSafeCoder } from '../../src/eval/detector/data.js';

const index = defaultRuleIndex();
const languages = [...COMPILED_LANGUAGES];

function findings(code: string, language: string, rules: RuleIndex, engine: 'auto' | 'napi', ruleIds?: string[]) {
  const result = scanCode(code, { language, rules, engine, ruleIds });
  return { keys: result.findings.map((f) => `${f.ruleId}@${f.range.startIndex}-${f.range.endIndex}`), hasSyntaxErrors: result.hasSyntaxErrors, ruleErrors: result.ruleErrors };
}

function ruleOf(yamlRule: string, extra = ''): RuleIndex {
  const text = `id: t\nlanguages: [python]\nseverity: high\ncwe: [CWE-20]\nmessage: m\nhelp: h\ntests: { valid: ["x"], invalid: ["x"] }\nrule:\n${yamlRule}\n${extra}`;
  return new RuleIndex([parseRule(text, 't.yml')]);
}

/** Both engines on one rule and one source; returns the compiled engine's finding spans. */
function agree(yamlRule: string, code: string, extra = ''): string[] {
  const rules = ruleOf(yamlRule, extra);
  const compiled = compiledRule(rules.rules[0], 'python');
  expect(compiled.ok, compiled.ok ? '' : compiled.reason).toBe(true);
  const ours = findings(code, 'python', rules, 'auto');
  expect(ours).toEqual(findings(code, 'python', rules, 'napi'));
  return ours.keys.map((k) => code.slice(Number(k.split('@')[1].split('-')[0]), Number(k.split('-').pop())));
}

describe('compiled patterns follow ast-grep semantics', () => {
  it('binds $A to one named node and $$$ to any number of nodes', () => {
    expect(agree('  pattern: foo($A)', 'foo(1)\nfoo()\nfoo(1, 2)\n')).toEqual(['foo(1)']);
    expect(agree('  pattern: foo($$$)', 'foo(1)\nfoo()\nfoo(1, 2)\n')).toEqual(['foo(1)', 'foo()', 'foo(1, 2)']);
    expect(agree('  pattern: foo($$$A, last)', 'foo(last)\nfoo(1, 2, last)\nfoo(last, 1)\n')).toEqual(['foo(last)', 'foo(1, 2, last)']);
    expect(agree('  pattern: foo($_, $_)', 'foo(1, 2)\nfoo(1)\n')).toEqual(['foo(1, 2)']);
  });

  it('requires a repeated metavariable to match equal nodes', () => {
    expect(agree('  pattern: $X == $X', 'a == a\na == b\nf(x) == f(x)\nf(x) == f(y)\n')).toEqual(['a == a', 'f(x) == f(x)']);
  });

  it('descends to the single effective root, skips unnamed target nodes and finds nested matches', () => {
    expect(agree('  pattern: requests.get($U, verify=False)', 'r = requests.get(url, verify=False,)\nrequests.get(u, verify=True)\n')).toEqual(['requests.get(url, verify=False,)']);
    expect(agree('  pattern: f($A)', 'f(f(1))\n')).toEqual(['f(f(1))', 'f(1)']);
    expect(agree('  pattern: x = $V', 'x = 1  # comment\ny = 2\n')).toEqual(['x = 1']);
  });

  it('supports contextual patterns, relations, nthChild and constraints', () => {
    expect(agree('  pattern: {context: "f(a=$V)", selector: keyword_argument}', 'f(a=1, b=2)\n')).toEqual(['a=1']);
    expect(agree('  kind: call\n  has: {kind: argument_list, has: {nthChild: 2, kind: integer}}', 'f(a, 2)\nf(2, a)\n')).toEqual(['f(a, 2)']);
    expect(agree('  pattern: eval($X)\n  inside: {kind: function_definition, stopBy: end}', 'eval(a)\ndef f():\n    if x:\n        eval(b)\n')).toEqual(['eval(b)']);
    expect(agree('  pattern: $O.$M($$$)', 'a.execute(q)\na.run(q)\n', 'constraints:\n  M: {regex: "^exec"}')).toEqual(['a.execute(q)']);
    expect(agree('  kind: expression_statement\n  precedes: {kind: expression_statement}', 'a\nb\nc\n')).toEqual(['a', 'b']);
    expect(agree('  kind: identifier\n  inside: {kind: keyword_argument, field: name}', 'f(x=y)\n')).toEqual(['x']);
  });

  it('skips comments and line continuations inside the target as smart strictness does', () => {
    expect(agree('  pattern: f($A, $B)', 'f(a, # c\n  b)\nf(# c\n  a, b)\nf(a # c\n  , b)\n')).toHaveLength(3);
    expect(agree('  pattern: x = $A', 'x = \\\n  1\n')).toEqual(['x = \\\n  1']);
    expect(agree('  pattern: f($$$A, b)', 'f(a, # c\n  b)\n')).toHaveLength(1);
    expect(agree('  pattern: f($_)', 'f(# c\n)\n')).toEqual([]);
  });

  it('reports syntax errors as napi does', () => {
    expect(agree('  pattern: eval($X)', 'def broken(:\n    eval(x)\n')).toEqual(['eval(x)']);
  });
});

describe('Rust regexes translate to equivalent JS regexes', () => {
  it('keeps scoped flags, ASCII classes and Rust dot semantics', () => {
    expect(translateRegex('(?i-u)^shell=true$').test('SHELL=True')).toBe(true);
    expect(translateRegex('(?i)^a(?-i:B)').test('AB')).toBe(true);
    expect(translateRegex('(?i)^a(?-i:B)').test('Ab')).toBe(false);
    expect(translateRegex('a.b').test('a\rb')).toBe(true);
    expect(translateRegex('a.b').test('a\nb')).toBe(false);
    expect(translateRegex('(?s:a.b)').test('a\nb')).toBe(true);
    expect(translateRegex('\\Afoo\\z').test('foo')).toBe(true);
    expect(translateRegex('(?P<name>x)[^ \\t]').test('xy')).toBe(true);
  });

  it('refuses what it cannot reproduce exactly', () => {
    for (const regex of ['\\p{L}', '[[:alpha:]]', '(?x) a', '[a&&b]']) expect(() => translateRegex(regex)).toThrow(UnsupportedRegex);
  });
});

describe('unsupported rules stay on napi', () => {
  it('runs a rule it cannot compile through napi with the same findings', () => {
    const rules = ruleOf('  pattern: {context: "f($A)", selector: call, strictness: cst}');
    const compiled = compiledRule(rules.rules[0], 'python');
    expect(compiled.ok).toBe(false);
    expect(findings('f(1)\n', 'python', rules, 'auto')).toEqual(findings('f(1)\n', 'python', rules, 'napi'));
  });
});

// Rules the compiled engine leaves to napi, by language: each must say why (scanCode runs them through napi).
const KNOWN_UNSUPPORTED: Record<string, string[]> = { rust: ['rust-unsafe-block'] };

describe.each(languages)('%s rules: compiled where possible, fixtures agree with napi', (language: LanguageId) => {
  const { compiled, unsupported } = partitionRules(index.rules, language);

  it('compiles every rule but the known unsupported ones', () => {
    expect(unsupported.map((u) => u.rule.id).sort()).toEqual(KNOWN_UNSUPPORTED[language] ?? []);
    for (const u of unsupported) expect(u.reason.length).toBeGreaterThan(0);
  });

  const fixtures = index.rules.flatMap((rule) =>
    [...rule.tests.valid, ...rule.tests.invalid]
      .map((f) => ({ rule, code: typeof f === 'string' ? f : f.code, language: (typeof f === 'string' ? undefined : f.language) ?? rule.languages[0] }))
      .filter((f) => f.language === language),
  );
  it.skipIf(fixtures.length === 0)('every fixture gives the same findings under both engines', () => {
    for (const f of fixtures) {
      const c = compiled.find((x) => x.rule === f.rule);
      if (c) expect(compareEngines(f.code, language, [c]).mismatches, `${f.rule.id}: ${f.code}`).toEqual([]);
      expect(findings(f.code, language, index, 'auto', [f.rule.id]), `${f.rule.id}: ${f.code}`).toEqual(findings(f.code, language, index, 'napi', [f.rule.id]));
    }
  });
});

describe('corpus sample: identical findings from both engines', () => {
  const sample: [string, LanguageId, string][] = [];
  const cyberSecEval = loadCyberSecEval() ?? [];
  const safeCoder = loadSafeCoder() ?? [];
  for (const language of languages) {
    const many = language === 'python' ? 40 : 5;
    for (const row of cyberSecEval.filter((r) => normalizeLanguage(r.language) === language).slice(0, many)) sample.push([`CyberSecEval ${row.id}`, language, row.code]);
    for (const row of safeCoder.filter((r) => languageFromPath(r.file) === language).slice(0, many / 4)) sample.push([`SafeCoder ${row.id}`, language, row.vulnerable]);
  }
  for (const row of (loadHumanEval() ?? []).slice(0, 10)) sample.push([row.task_id, 'python', humanEvalProgram(row)]);

  it.skipIf(sample.length === 0).each(sample)('%s', (_name, language, code) => {
    expect(findings(code, language, index, 'auto')).toEqual(findings(code, language, index, 'napi'));
    expect(compareEngines(code, language, partitionRules(index.rules, language).compiled).mismatches).toEqual([]);
  });
});
