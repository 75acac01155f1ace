// Rule lint: every rule compiles and matches in every language it lists (a rule that does not compile only
// surfaces at scan time, as ScanResult.ruleErrors), its regexes avoid the Unicode forms that make napi's
// per-call compile slow, and a rule without derivable prefilter anchors says why it must run on every input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource, ruleConfig, scanCode } from '../../src/analysis/engine.js';
import type { LanguageId } from '../../src/analysis/languages.js';
import { asciiRuleTree } from '../../src/analysis/regex-ascii.js';
import { asciiRegex as toAsciiRegex } from '../../src/analysis/regex-ascii.js';
import { alwaysRunsReason, ruleRegexes, slowRegexForms } from '../../src/analysis/rule-lint.js';
import { defaultRuleIndex, type Rule } from '../../src/analysis/rules.js';

/** A small tree per language: compiling a rule needs a root of that language, not a match. */
const TRIVIAL: Record<LanguageId, string> = {
  python: 'x = 1\n',
  javascript: 'let x = 1;\n',
  typescript: 'let x: number = 1;\n',
  tsx: 'const x = <div />;\n',
  c: 'int x = 1;\n',
  cpp: 'int x = 1;\n',
  java: 'class A { int x = 1; }\n',
  go: 'package main\nvar x = 1\n',
  php: '<?php $x = 1;\n',
  ruby: 'x = 1\n',
  csharp: 'class A { int x = 1; }\n',
  rust: 'fn main() { let x = 1; }\n',
  bash: 'x=1\n',
};

const rules = defaultRuleIndex().rules;
const byId = (rule: Rule) => [rule.id, rule] as const;

describe('rule compiles in every language it lists', () => {
  it.each(rules.map(byId))('%s', (_id, rule) => {
    for (const language of rule.languages) {
      const top = parseSource(TRIVIAL[language], language).root();
      // As written, and as the engine runs it (regex classes rewritten to ASCII): neither may throw.
      expect(() => top.findAll(ruleConfig(rule)), `${rule.file} in ${language}`).not.toThrow();
      const engineConfig = { rule: asciiRuleTree(rule.rule), constraints: asciiRuleTree(rule.constraints), utils: asciiRuleTree(rule.utils), transform: rule.transform };
      expect(() => top.findAll(engineConfig as never), `${rule.file} in ${language} (engine's ASCII config)`).not.toThrow();
    }
  });
});

describe('rule regexes use ASCII forms', () => {
  it.each(rules.map(byId))('%s', (_id, rule) => {
    const regexes = [...ruleRegexes(rule.rule, 'rule'), ...ruleRegexes(rule.constraints, 'constraints'), ...ruleRegexes(rule.utils, 'utils')];
    const slow = regexes.flatMap(({ path, regex }) =>
      slowRegexForms(regex).map((f) => `${path}: ${f.form} (${f.advice}); e.g. ${toAsciiRegex(regex)}`),
    );
    expect(slow, rule.file).toEqual([]);
  });
});

describe('rule has prefilter anchors or says why it always runs', () => {
  it.each(rules.map(byId))('%s', (_id, rule) => {
    if (rule.requirements.length > 0) return;
    expect(alwaysRunsReason(readFileSync(rule.file, 'utf8')), `${rule.file}: no anchor can be derived; add a prefilter: list or a '# always-runs: <why>' comment`).toBeDefined();
  });
});

describe('rule matches in every language it lists', () => {
  // The RuleTester runs fixtures in the first language only; a pattern that compiles but never matches in
  // another listed language would go unnoticed. Without a fixture in that language, the first-language
  // invalid fixtures must fire there too.
  const multi = rules.filter((r) => r.languages.length > 1);
  it.each(multi.map(byId))('%s', (_id, rule) => {
    const firstLanguage = rule.tests.invalid.flatMap((f) => (typeof f === 'string' ? [f] : f.language ? [] : [f.code]));
    for (const language of rule.languages.slice(1)) {
      if (rule.tests.invalid.some((f) => typeof f !== 'string' && f.language === language)) continue;
      const fires = firstLanguage.some((code) => scanCode(code, { language, ruleIds: [rule.id] }).findings.length > 0);
      expect(fires, `${rule.file}: no invalid fixture finds anything in ${language}; add one with language: ${language} or drop ${language}`).toBe(true);
    }
  });
});

describe('slowRegexForms / toAsciiRegex', () => {
  it('flags Unicode classes and case folding, and their rewrite is clean', () => {
    const regex = String.raw`(?i)select\s[\s\S]*\bfrom\w+\d`;
    expect(slowRegexForms(regex).map((f) => f.form)).toEqual(expect.arrayContaining(['(?i)', '\\s', '[\\s\\S]', '\\b', '\\w', '\\d']));
    const ascii = toAsciiRegex(regex);
    expect(slowRegexForms(ascii)).toEqual([]);
    // Under -u, \b is already the ASCII word boundary and stays as written.
    expect(ascii).toBe(String.raw`(?i-u)select[ \t\n\x0B\f\r](?su:.)*\bfrom[0-9A-Za-z_]+[0-9]`);
    expect(toAsciiRegex(String.raw`\bexec\b`)).toBe(String.raw`(?-u:\b)exec(?-u:\b)`);
  });

  it('puts `.` and negated classes under -u back into a Unicode group (they could match invalid UTF-8)', () => {
    expect(toAsciiRegex('(?i)a.b[^"]')).toBe('(?i-u)a(?u:.)b(?u:[^"])');
    expect(toAsciiRegex(String.raw`\S+`)).toBe(String.raw`(?u-i:[^ \t\n\x0B\f\r])+`);
  });

  it('accepts ASCII forms as they are', () => {
    for (const regex of ['(?i-u)^(md5|sha1)$', String.raw`^[0-9A-Za-z_]+$`, '(?-u:\\b)exec(?-u:\\b)', '(?i-u:ab)(?u:.)']) {
      expect(slowRegexForms(regex)).toEqual([]);
      expect(toAsciiRegex(regex)).toBe(regex);
    }
  });
});
