// Loads rule files (one YAML per rule) into validated, indexed rules. The default rule set is the
// one shipped in src/analysis/rules; callers may load extra directories.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../shared/yaml.js';
import { packagePath } from '../shared/paths.js';
import { selectedPatternText } from './pattern-context.js';
import { cachedRules } from './rule-cache.js';
import { deriveRequirements, type Requirement } from './prefilter.js';
import { SubstringMatcher } from './substring-matcher.js';
import { ruleFileSchema, type RuleFile } from './rule-schema.js';
import type { LanguageId } from './languages.js';

export interface Rule extends RuleFile {
  /** File the rule was loaded from, for error messages and the rule test runner. */
  file: string;
  /** Anchor texts of which one must be present for the rule to run; null = always run. */
  anchors: string[] | null;
  /** The most selective anchor set, split by how it is looked up (exact identifiers, case-insensitive substrings). */
  requirement: Requirement | null;
  /** Every anchor set the rule needs (all must be satisfied); `requirement` is the first. */
  requirements: Requirement[];
}

export class RuleLoadError extends Error {}

export const DEFAULT_RULES_DIR = packagePath('src', 'analysis', 'rules');

function listRuleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export function parseRule(text: string, file: string): Rule {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new RuleLoadError(`${file}: invalid YAML: ${(err as Error).message}`);
  }
  const parsed = ruleFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new RuleLoadError(`${file}: ${issues}`);
  }
  const rule = parsed.data;
  // A hand-written prefilter is read as case-insensitive substrings: `password` then also admits
  // `userPassword`, which an exact identifier list would silently skip.
  const derived = deriveRequirements(rule.rule, rule.utils, rule.constraints, (context, selector) => selectedPatternText(context, selector, rule.languages[0]));
  const requirements = rule.prefilter ? [{ identifiers: [], substrings: rule.prefilter.map((p) => p.toLowerCase()) }, ...derived] : derived;
  const requirement = requirements[0] ?? null;
  return { ...rule, file, requirement, requirements, anchors: requirement ? [...requirement.identifiers, ...requirement.substrings] : null };
}

export function loadRules(dirs: string[] = [DEFAULT_RULES_DIR]): Rule[] {
  const sources = dirs.flatMap((dir) => listRuleFiles(dir).map((path) => ({ path, text: readFileSync(path, 'utf8') })));
  return cachedRules(sources, () => {
    const rules: Rule[] = [];
    const seen = new Map<string, string>();
    for (const { path, text } of sources) {
      const rule = parseRule(text, path);
      const previous = seen.get(rule.id);
      if (previous) throw new RuleLoadError(`${path}: rule id "${rule.id}" already defined in ${previous}`);
      seen.set(rule.id, path);
      rules.push(rule);
    }
    return rules;
  });
}

interface LanguageRules {
  always: Rule[];
  byIdentifier: Map<string, Rule[]>;
  bySubstring: Map<string, Rule[]>;
  /** Every identifier any requirement of these rules names, for one pass that finds them as whole identifiers. */
  identifiers: Set<string>;
  /** Every substring any requirement of these rules names, for one case-folded pass. */
  substrings: Set<string>;
  identifierMatcher?: SubstringMatcher;
  substringMatcher?: SubstringMatcher;
}

function satisfied(req: Requirement, identifiers: Set<string>, substrings: Set<string>): boolean {
  return req.identifiers.some((id) => identifiers.has(id)) || req.substrings.some((sub) => substrings.has(sub.toLowerCase()));
}

/** The literals of a matcher that occur in the text. */
function occurring(matcher: SubstringMatcher, text: string): Set<string> {
  const found = new Set<string>();
  for (const id of matcher.find(text)) found.add(matcher.literals[id]);
  return found;
}

function addTo(map: Map<string, Rule[]>, key: string, rule: Rule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/**
 * Rules grouped by language with an anchor index: one Aho–Corasick pass finds which identifier anchors occur
 * as whole identifiers and one which substring anchors occur, so selecting candidates costs two passes over
 * the text whatever the rule count, and no per-identifier strings or sets.
 */
export class RuleIndex {
  readonly rules: Rule[];
  private readonly byLanguage = new Map<LanguageId, LanguageRules>();
  private readonly ids = new Map<string, Rule>();
  private readonly order = new Map<Rule, number>();

  constructor(rules: Rule[]) {
    this.rules = rules;
    rules.forEach((rule, position) => this.order.set(rule, position));
    for (const rule of rules) {
      this.ids.set(rule.id, rule);
      for (const language of rule.languages) {
        let entry = this.byLanguage.get(language);
        if (!entry) {
          entry = { always: [], byIdentifier: new Map(), bySubstring: new Map(), identifiers: new Set(), substrings: new Set() };
          this.byLanguage.set(language, entry);
        }
        for (const req of rule.requirements) {
          for (const id of req.identifiers) entry.identifiers.add(id);
          for (const sub of req.substrings) entry.substrings.add(sub.toLowerCase());
        }
        if (!rule.requirement) {
          entry.always.push(rule);
          continue;
        }
        for (const anchor of rule.requirement.identifiers) addTo(entry.byIdentifier, anchor, rule);
        for (const anchor of rule.requirement.substrings) addTo(entry.bySubstring, anchor.toLowerCase(), rule);
      }
    }
  }

  /** The rules for a language whose anchors occur in the source. */
  candidates(language: LanguageId, source: string): Rule[] {
    const entry = this.byLanguage.get(language);
    if (!entry) return [];
    entry.identifierMatcher ??= new SubstringMatcher([...entry.identifiers], { caseSensitive: true, wholeIdentifiers: true });
    entry.substringMatcher ??= new SubstringMatcher([...entry.substrings]);
    const identifiers = occurring(entry.identifierMatcher, source);
    const substrings = entry.substrings.size > 0 ? occurring(entry.substringMatcher, source) : new Set<string>();
    const selected = new Set<Rule>(entry.always);
    for (const anchor of identifiers) for (const rule of entry.byIdentifier.get(anchor) ?? []) selected.add(rule);
    for (const anchor of substrings) for (const rule of entry.bySubstring.get(anchor) ?? []) selected.add(rule);
    for (const rule of selected) {
      if (!rule.requirements.every((req) => satisfied(req, identifiers, substrings))) selected.delete(rule);
    }
    // Keep the rule files' order so findings and fixes are deterministic.
    return [...selected].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  byId(id: string): Rule | undefined {
    return this.ids.get(id);
  }

  /** Rule counts by how the prefilter treats them, for benchmarks and diagnostics. */
  prefilterStats(): { anchored: number; alwaysRun: number } {
    const alwaysRun = this.rules.filter((r) => !r.requirement).length;
    return { anchored: this.rules.length - alwaysRun, alwaysRun };
  }
}

let defaultIndex: RuleIndex | undefined;

/** The shipped rule set, loaded once per process. */
export function defaultRuleIndex(): RuleIndex {
  defaultIndex ??= new RuleIndex(loadRules());
  return defaultIndex;
}
