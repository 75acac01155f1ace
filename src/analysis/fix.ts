// The fast-scaffold fixer: applies each rule's deterministic rewrite (template or programmatic) one
// finding at a time and keeps it only if verified: no new syntax errors and the finding is gone.
import type { SgNode } from '@ast-grep/napi';
import { countSyntaxErrors, findingFromNode, matchRules, parseSource, phpOpenTag, scanCode, selectRules } from './engine.js';
import { fixers } from './fixes/index.js';
import { ensureImports } from './imports.js';
import { normalizeLanguage, type LanguageId } from './languages.js';
import { defaultRuleIndex, type Rule, type RuleIndex } from './rules.js';
import type { Finding } from './types.js';

export interface AppliedFix {
  ruleId: string;
  cwe: string[];
  /** 1-based line of the finding in the code as it was before this fix. */
  line: number;
  before: string;
  after: string;
}

export interface FixResult {
  language: string;
  code: string;
  applied: AppliedFix[];
  /** Findings still present after fixing: no fix exists, or the fix could not be verified. */
  remaining: Finding[];
  error?: { code: string; message: string };
}

export interface FixOptions {
  language: string;
  rules?: RuleIndex;
  ruleIds?: string[];
  /**
   * Extra behaviour check a caller with tests can supply (e.g. the guard runs the answer's tests):
   * a candidate it rejects is not applied and its finding stays unfixed.
   */
  verify?: (candidate: string) => boolean;
}

const METAVAR = /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g;
/** One verified fix per round; the bound only stops a pathological file, the worker deadline bounds time. */
const MAX_ROUNDS = 64;

/** Expands a fix template with the match's metavariables, re-indenting continuation lines. */
export function expandTemplate(template: string, node: SgNode, source: string): string {
  const expanded = template.replace(METAVAR, (_all, multi: string | undefined, single: string | undefined) => {
    if (multi) {
      const nodes = node.getMultipleMatches(multi);
      if (nodes.length === 0) return '';
      return source.slice(nodes[0].range().start.index, nodes[nodes.length - 1].range().end.index);
    }
    return node.getMatch(single!)?.text() ?? '';
  });
  const start = node.range().start.index;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, start))?.[0] ?? '';
  return expanded.replace(/\n$/, '').replace(/\n/g, `\n${indent}`);
}

function replacementFor(rule: Rule, node: SgNode, source: string, language: LanguageId): string | null {
  if (rule.fixer) {
    const fixer = fixers[rule.fixer];
    return fixer ? fixer({ node, source, language }) : null;
  }
  return rule.fix !== undefined ? expandTemplate(rule.fix, node, source) : null;
}

function countRuleMatches(source: string, language: LanguageId, rule: Rule): number {
  return matchRules(parseSource(source, language), [rule]).length;
}

function safeVerify(verify: (candidate: string) => boolean, candidate: string): boolean {
  try {
    return verify(candidate) === true;
  } catch {
    return false;
  }
}

/** Tries one finding's fix; returns the new source and the replacement when verified, else null. */
interface FixContext {
  language: LanguageId;
  index: RuleIndex;
  ruleIds?: string[];
  baselineErrors: number;
  verify?: (candidate: string) => boolean;
}

function countFindings(source: string, language: LanguageId, index: RuleIndex, ruleIds?: string[]): number {
  return scanCode(source, { language, rules: index, ruleIds }).findings.length;
}

function tryFix(source: string, rule: Rule, node: SgNode, { language, index, ruleIds, baselineErrors, verify }: FixContext): { code: string; replacement: string } | null {
  const replacement = replacementFor(rule, node, source, language);
  if (replacement === null) return null;
  const { start, end } = node.range();
  const candidate = ensureImports(source.slice(0, start.index) + replacement + source.slice(end.index), rule.imports, language);
  if (candidate === source) return null;
  if (countSyntaxErrors(parseSource(candidate, language)) > baselineErrors) return null;
  if (countRuleMatches(candidate, language, rule) >= countRuleMatches(source, language, rule)) return null;
  // The rewrite must not trade this finding for another one (e.g. a new sink in the replacement).
  if (countFindings(candidate, language, index, ruleIds) >= countFindings(source, language, index, ruleIds)) return null;
  if (verify && !safeVerify(verify, candidate)) return null;
  return { code: candidate, replacement };
}

/** Applies every verified fix; never throws (an internal failure returns the code unchanged with `error`). */
export function fixCode(source: string, options: FixOptions): FixResult {
  try {
    return fixVerified(source, options);
  } catch (err) {
    return { language: String(options.language), code: source, applied: [], remaining: [], error: { code: 'internal_error', message: `Fix failed: ${(err as Error).message}` } };
  }
}

function fixVerified(source: string, options: FixOptions): FixResult {
  const language = normalizeLanguage(options.language);
  const initial = scanCode(source, { language: options.language, rules: options.rules, ruleIds: options.ruleIds });
  if (!language || initial.error) {
    return { language: String(options.language), code: source, applied: [], remaining: [], error: initial.error };
  }
  // NUL bytes never occur in real source; rewriting around them could not be verified meaningfully.
  if (source.includes('\0')) return { language, code: source, applied: [], remaining: initial.findings };
  const phpPrefix = phpOpenTag(source, language);
  if (phpPrefix) {
    const wrapped = fixVerified(phpPrefix + source, options);
    const code = wrapped.code.slice(phpPrefix.length);
    return { ...wrapped, code, remaining: scanCode(code, { language, rules: options.rules, ruleIds: options.ruleIds }).findings };
  }
  const index = options.rules ?? defaultRuleIndex();
  const baselineErrors = countSyntaxErrors(parseSource(source, language));
  const context: FixContext = { language, index, ruleIds: options.ruleIds, baselineErrors, verify: options.verify };
  const applied: AppliedFix[] = [];
  const unfixable = new Set<string>();
  let code = source;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const root = parseSource(code, language);
    const rules = selectRules(code, language, { ...options, rules: index }).filter((r) => r.fix !== undefined || r.fixer);
    const matches = matchRules(root, rules).filter(({ rule, node }) => !unfixable.has(`${rule.id}:${node.text()}`));
    if (matches.length === 0) break;
    let progressed = false;
    for (const { rule, node } of matches) {
      const next = tryFix(code, rule, node, context);
      if (next === null) {
        unfixable.add(`${rule.id}:${node.text()}`);
        continue;
      }
      const finding = findingFromNode(rule, node);
      applied.push({ ruleId: rule.id, cwe: rule.cwe, line: finding.range.start.line, before: node.text(), after: next.replacement });
      code = next.code;
      progressed = true;
      break; // offsets changed: re-parse before the next fix
    }
    if (!progressed) break;
  }

  const final = scanCode(code, { language, rules: index, ruleIds: options.ruleIds });
  return { language, code, applied, remaining: final.findings };
}
