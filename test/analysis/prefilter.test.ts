// The prefilter: literals a regex needs, requirements derived from rules, the Aho–Corasick matcher,
// and soundness: on real snippets, scanning with the prefilter finds exactly what scanning without it finds.
import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/analysis/engine.js';
import { deriveRequirements, identifierSet, regexLiterals } from '../../src/analysis/prefilter.js';
import { asciiRegex } from '../../src/analysis/regex-ascii.js';
import { selectedPatternText } from '../../src/analysis/pattern-context.js';
import { defaultRuleIndex, parseRule, RuleIndex } from '../../src/analysis/rules.js';
import { SubstringMatcher } from '../../src/analysis/substring-matcher.js';
import { loadCyberSecEval } from '../../src/eval/detector/data.js';

describe('regexLiterals', () => {
  it('finds the literals every match must contain', () => {
    expect(regexLiterals('^(md5|sha1)$')).toEqual(['md5', 'sha1']);
    expect(regexLiterals(`(?i)^['"](md5|sha-1)['"]$`)).toEqual(['md5', 'sha-1']);
    expect(regexLiterals('^\\$_(GET|POST)$')).toEqual(['get', 'post']);
    expect(regexLiterals('escape_filter_chars')).toEqual(['escape_filter_chars']);
    expect(regexLiterals('(?i)pass(word|wd)?')).toEqual(['pass']);
  });

  it('gives up rather than guess when a branch has no literal', () => {
    expect(regexLiterals('\\(\\s*\\w+\\s*=')).toBeNull();
    expect(regexLiterals('(abc|\\d+)')).toBeNull();
    expect(regexLiterals('(unclosed')).toBeNull();
  });
});

describe('deriveRequirements', () => {
  it('takes identifiers from patterns, regexes, utils and constraints of bound metavariables', () => {
    const reqs = deriveRequirements({ pattern: '$C.$M($Q)' }, {}, { M: { regex: '^(execute|executemany)$' } });
    expect(reqs).toEqual([{ identifiers: [], substrings: ['execute', 'executemany'] }]);
    const both = deriveRequirements({ all: [{ pattern: 'hashlib.new($A)' }, { has: { regex: 'md5' } }] });
    expect(both.map((r) => [...r.identifiers, ...r.substrings])).toEqual(expect.arrayContaining([['hashlib'], ['new'], ['md5']]));
    expect(deriveRequirements({ matches: 'u' }, { u: { pattern: 'pickle.loads($X)' } }).length).toBe(2);
  });

  it('ignores constraints of metavariables an `any` branch may leave unbound, and kind-only rules', () => {
    expect(deriveRequirements({ any: [{ pattern: 'f($X)' }, { pattern: 'g($Y)' }] }, {}, { X: { regex: 'secret' } })).toEqual([{ identifiers: ['f', 'g'], substrings: [] }]);
    expect(deriveRequirements({ kind: 'call_expression' })).toEqual([]);
    expect(deriveRequirements({ any: [{ pattern: 'eval($X)' }, { kind: 'exec_statement' }] })).toEqual([]);
  });

  it('anchors a {context, selector} pattern on the selected code only, never on its scaffolding', () => {
    const rule = { all: [{ pattern: { context: 'int _ = free($P);', selector: 'call_expression' } }, { kind: 'call_expression' }] };
    const resolve = (context: string, selector: string) => selectedPatternText(context, selector, 'c');
    expect(deriveRequirements(rule, {}, {}, resolve)).toEqual([{ identifiers: ['free'], substrings: [] }]);
    // Without a resolver the pattern yields no anchor rather than the wrong ones (`int`, `_`).
    expect(deriveRequirements(rule)).toEqual([]);
    expect(selectedPatternText('$VAR := http.Get($URL)', 'call_expression', 'go')).toBe('http.Get($URL)');
    expect(selectedPatternText('class A { void f() { $X.exec($$$ARGS); } }', 'method_invocation', 'java')).toBe('$X.exec($$$ARGS)');
    expect(selectedPatternText('x = 1', 'no_such_kind', 'python')).toBeUndefined();
  });

  it('runs a context-pattern rule on code that lacks the context scaffolding', () => {
    const rule = parseRule(
      [
        'id: test-free-arg',
        'languages: [c]',
        'severity: low',
        'cwe: [CWE-590]',
        'message: m',
        'help: h',
        'rule:',
        '  pattern:',
        '    context: int _ = free($P);',
        '    selector: call_expression',
        'tests:',
        '  valid: ["void f(void) { g(p); }", "void f(void) { g(q); }"]',
        '  invalid: ["void f(char *p) { free(p); }", "void f(char *q) { free(q); }"]',
      ].join('\n'),
      'test-free-arg.yml',
    );
    expect(rule.requirements).toEqual([{ identifiers: ['free'], substrings: [] }]);
    const found = scanCode('void f(char *p) { free(p); }', { language: 'c', rules: new RuleIndex([rule]) }).findings;
    expect(found.map((f) => f.ruleId)).toEqual(['test-free-arg']);
  });
});

describe('SubstringMatcher', () => {
  it('finds overlapping literals case-insensitively in one pass', () => {
    const matcher = new SubstringMatcher(['he', 'she', 'hers', 'md5', 'pässword']);
    const found = [...matcher.find('uShers and MD5 of user_PÄSSWORD')].map((i) => matcher.literals[i]).sort();
    expect(found).toEqual(['he', 'hers', 'md5', 'pässword', 'she']);
    expect(matcher.find('no match at all').size).toBe(0);
  });
});

describe('asciiRegex', () => {
  it('rewrites Unicode classes outside and inside brackets', () => {
    expect(asciiRegex('^\\w+\\b')).toBe('^[0-9A-Za-z_]+(?-u:\\b)');
    expect(asciiRegex('[\\w.-]')).toBe('[0-9A-Za-z_.-]');
    expect(asciiRegex('\\\\w')).toBe('\\\\w');
  });
});

describe('prefilter soundness on real snippets', () => {
  const rows = loadCyberSecEval();
  it.skipIf(!rows)('finds the same as scanning with every rule of the language', () => {
    const index = defaultRuleIndex();
    const unfiltered = new RuleIndex(index.rules.map((r) => ({ ...r, requirement: null, requirements: [] })));
    const key = (language: string, code: string, rules: RuleIndex) =>
      scanCode(code, { language, rules }).findings.map((f) => `${f.ruleId}@${f.range.startIndex}`).sort().join();
    // Every 8th row: all 8 languages, a few seconds.
    for (const row of rows!.filter((_, i) => i % 8 === 0)) {
      expect(key(row.language, row.code, index), row.id).toBe(key(row.language, row.code, unfiltered));
    }
  }, 120_000);
});


describe('code no rule can match', () => {
  const clean = 'def add(a, b):\n    return a + b\n';
  const broken = 'def add(a, b:\n    return a +\n';
  it('is not parsed: the result has no syntax verdict, and checkSyntax asks for one', () => {
    expect(defaultRuleIndex().candidates('python', broken)).toEqual([]);
    const skipped = scanCode(broken, { language: 'python' });
    expect(skipped).toMatchObject({ language: 'python', findings: [] });
    expect(skipped).not.toHaveProperty('hasSyntaxErrors');
    expect(scanCode(broken, { language: 'python', checkSyntax: true }).hasSyntaxErrors).toBe(true);
    expect(scanCode(clean, { language: 'python', checkSyntax: true }).hasSyntaxErrors).toBe(false);
  });
  it('is parsed as soon as one rule could match', () => {
    const result = scanCode(`import hashlib\n${broken}`, { language: 'python' });
    expect(result.hasSyntaxErrors).toBe(true);
  });
});
describe('the native matcher', () => {
  it('finds exactly what the JS automaton finds, case-folded and as whole identifiers', () => {
    const texts = [...(loadCyberSecEval() ?? []).slice(0, 400).map((r) => r.code), 'Ünïcödé PASSWORD pass_word İd Kelvin \u212A', '9load _x', ''];
    const anchors = ['pass', 'password', 'secret', 'md5', 'load', 'yaml', 'os', 'system', 'exec', 'd'];
    for (const options of [{}, { caseSensitive: true, wholeIdentifiers: true }, { caseSensitive: true }]) {
      const native = new SubstringMatcher(anchors, options);
      const js = new SubstringMatcher(anchors, options, false);
      for (const text of texts) expect([...native.find(text)].sort(), text.slice(0, 40)).toEqual([...js.find(text)].sort());
    }
  });
});

describe('SubstringMatcher with whole identifiers', () => {
  it('finds an anchor exactly where identifierSet has it as a token', () => {
    const anchors = ['load', 'yaml', 'os', 'system', 'a9', '_x', 'Load'];
    const matcher = new SubstringMatcher(anchors, { caseSensitive: true, wholeIdentifiers: true });
    const found = (text: string) => [...matcher.find(text)].map((id) => anchors[id]).sort();
    expect(found('yaml.load(x); os.system(c)')).toEqual(['load', 'os', 'system', 'yaml']);
    expect(found('yaml_load osx unload Loader')).toEqual([]);
    expect(found('9load 99_x éos a9')).toEqual(['_x', 'a9', 'load', 'os']);
    // Random texts over an alphabet of identifier characters, digits, separators and a non-ASCII letter.
    const alphabet = 'loadyamlsystemLA9_x0 .(é\n';
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 3000; trial++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const tokens = identifierSet(text);
      expect(found(text), JSON.stringify(text)).toEqual(anchors.filter((a) => tokens.has(a)).sort());
    }
  });
});
