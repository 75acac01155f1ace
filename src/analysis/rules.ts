// Loads rule files (one YAML per rule) into validated, indexed rules. The default rule set is the
// one shipped in src/analysis/rules; callers may load extra directories.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packagePath } from '../shared/paths.js';
import { deriveAnchors } from './prefilter.js';
import { ruleFileSchema, type RuleFile } from './rule-schema.js';
import type { LanguageId } from './languages.js';

export interface Rule extends RuleFile {
  /** File the rule was loaded from, for error messages and the rule test runner. */
  file: string;
  /** Identifiers of which one must be present for the rule to run; null = always run. */
  anchors: string[] | null;
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
  return { ...rule, file, anchors: rule.prefilter ?? deriveAnchors(rule.rule) };
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

/** Rules grouped by language, with an anchor index for the literal prefilter. */
export class RuleIndex {
  readonly rules: Rule[];
  private readonly byLanguage = new Map<LanguageId, { always: Rule[]; byAnchor: Map<string, Rule[]> }>();

  constructor(rules: Rule[]) {
    this.rules = rules;
    for (const rule of rules) {
      for (const language of rule.languages) {
        let entry = this.byLanguage.get(language);
        if (!entry) {
          entry = { always: [], byAnchor: new Map() };
          this.byLanguage.set(language, entry);
        }
        if (!rule.anchors) {
          entry.always.push(rule);
          continue;
        }
        for (const anchor of rule.anchors) {
          const list = entry.byAnchor.get(anchor) ?? [];
          list.push(rule);
          entry.byAnchor.set(anchor, list);
        }
      }
    }
  }

  /** The rules for a language whose anchors occur among the source's identifiers. */
  candidates(language: LanguageId, identifiers: Set<string>): Rule[] {
    const entry = this.byLanguage.get(language);
    if (!entry) return [];
    const selected = new Set<Rule>(entry.always);
    // Walk whichever side is smaller so the cost stays flat as either grows.
    if (identifiers.size < entry.byAnchor.size) {
      for (const identifier of identifiers) {
        const rules = entry.byAnchor.get(identifier);
        if (rules) for (const rule of rules) selected.add(rule);
      }
    } else {
      for (const [anchor, rules] of entry.byAnchor) {
        if (identifiers.has(anchor)) for (const rule of rules) selected.add(rule);
      }
    }
    return [...selected];
  }

  byId(id: string): Rule | undefined {
    return this.rules.find((r) => r.id === id);
  }
}

let defaultIndex: RuleIndex | undefined;

/** The shipped rule set, loaded once per process. */
export function defaultRuleIndex(): RuleIndex {
  defaultIndex ??= new RuleIndex(loadRules());
  return defaultIndex;
}
