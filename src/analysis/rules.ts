// Loads rule files (one YAML per rule) into validated, indexed rules. The default rule set is the
// one shipped in src/analysis/rules; callers may load extra directories.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packagePath } from '../shared/paths.js';
import { selectedPatternText } from './pattern-context.js';
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
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of listRuleFiles(dir)) {
      const rule = parseRule(readFileSync(file, 'utf8'), file);
      const previous = seen.get(rule.id);
      if (previous) throw new RuleLoadError(`${file}: rule id "${rule.id}" already defined in ${previous}`);
      seen.set(rule.id, file);
      rules.push(rule);
    }
  }
  return rules;
}

interface LanguageRules {
  always: Rule[];
  byIdentifier: Map<string, Rule[]>;
  bySubstring: Map<string, Rule[]>;
  /** Every substring any requirement of these rules names, for the one Aho–Corasick pass. */
  substrings: Set<string>;
  matcher?: SubstringMatcher;
}

function satisfied(req: Requirement, identifiers: Set<string>, found: Set<string> | undefined): boolean {
  return req.identifiers.some((id) => identifiers.has(id)) || req.substrings.some((sub) => found === undefined || found.has(sub.toLowerCase()));
}

function addTo(map: Map<string, Rule[]>, key: string, rule: Rule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/**
 * Rules grouped by language with an anchor index: identifier anchors are hash look-ups of the source's
 * identifiers, substring anchors one Aho–Corasick pass, so selecting candidates does not grow with the rule count.
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
          entry = { always: [], byIdentifier: new Map(), bySubstring: new Map(), substrings: new Set() };
          this.byLanguage.set(language, entry);
        }
        for (const req of rule.requirements) for (const sub of req.substrings) entry.substrings.add(sub.toLowerCase());
        if (!rule.requirement) {
          entry.always.push(rule);
          continue;
        }
        for (const anchor of rule.requirement.identifiers) addTo(entry.byIdentifier, anchor, rule);
        for (const anchor of rule.requirement.substrings) addTo(entry.bySubstring, anchor.toLowerCase(), rule);
      }
    }
  }

  /** The rules for a language whose anchors occur in the source (`identifiers` is its identifier set). */
  candidates(language: LanguageId, identifiers: Set<string>, source?: string): Rule[] {
    const entry = this.byLanguage.get(language);
    if (!entry) return [];
    const selected = new Set<Rule>(entry.always);
    // Walk whichever side is smaller so the cost stays flat as either grows.
    if (identifiers.size < entry.byIdentifier.size) {
      for (const identifier of identifiers) {
        const rules = entry.byIdentifier.get(identifier);
        if (rules) for (const rule of rules) selected.add(rule);
      }
    } else {
      for (const [anchor, rules] of entry.byIdentifier) {
        if (identifiers.has(anchor)) for (const rule of rules) selected.add(rule);
      }
    }
    let found: Set<string> | undefined;
    if (entry.substrings.size > 0 && source !== undefined) {
      entry.matcher ??= new SubstringMatcher([...entry.substrings]);
      found = new Set([...entry.matcher.find(source)].map((id) => entry.matcher!.literals[id]));
    }
    // Without the text (found undefined), substring anchors cannot exclude anything.
    for (const [anchor, rules] of entry.bySubstring) {
      if (found === undefined || found.has(anchor)) for (const rule of rules) selected.add(rule);
    }
    for (const rule of selected) {
      if (!rule.requirements.every((req) => satisfied(req, identifiers, found))) selected.delete(rule);
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
