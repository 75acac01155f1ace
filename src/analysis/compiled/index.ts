// The compiled rule engine: each rule compiled once (patterns to trees, regexes to RegExp), then matched per
// file on napi's tree without recompiling. Rules it cannot reproduce exactly are reported unsupported and
// keep running through napi's findAll; scanCode mixes both on one parse.
import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { LanguageId } from '../languages.js';
import { asciiRuleTree } from '../regex-ascii.js';
import type { Rule } from '../rules.js';
import { emptyEnv } from './match-pattern.js';
import { PatternCompileError } from './pattern.js';
import { UnsupportedRegex } from './regex.js';
import { compileRule, UnsupportedRule, type CompileContext, type Matcher } from './rule.js';
import { TreeNode } from './tree.js';

/** Languages whose rules have passed the differential check against napi (fixtures and corpora). */
export const COMPILED_LANGUAGES: ReadonlySet<LanguageId> = new Set(['python']);

export interface CompiledRule {
  rule: Rule;
  matcher: Matcher;
  constraints: [string, Matcher][];
  /** Kinds a match can have, for the one napi kind query per file. */
  kinds: string[];
}

export type Compilation = { ok: true; compiled: CompiledRule } | { ok: false; reason: string };

const cache = new Map<LanguageId, WeakMap<Rule, Compilation>>();

function compile(rule: Rule, language: LanguageId): Compilation {
  // The regexes napi runs are the ASCII rewrites (engine.ts), so those are what must be reproduced.
  const ctx: CompileContext = { language, utils: asciiRuleTree(rule.utils ?? {}), compiledUtils: new Map(), resolving: new Set() };
  try {
    if (rule.transform) throw new UnsupportedRule('transform');
    const matcher = compileRule(asciiRuleTree(rule.rule), ctx);
    if (matcher.kinds === null) throw new UnsupportedRule('the rule can match any node kind');
    const constraints = Object.entries(asciiRuleTree(rule.constraints ?? {})).map(([name, c]): [string, Matcher] => [name, compileRule(c, ctx)]);
    return { ok: true, compiled: { rule, matcher, constraints, kinds: [...matcher.kinds].sort() } };
  } catch (err) {
    if (err instanceof UnsupportedRule || err instanceof UnsupportedRegex || err instanceof PatternCompileError) return { ok: false, reason: err.message };
    return { ok: false, reason: `compile error: ${(err as Error).message}` };
  }
}

/** The rule compiled for a language, once per process; `ok: false` says why napi must run it. */
export function compiledRule(rule: Rule, language: LanguageId): Compilation {
  let perLanguage = cache.get(language);
  if (!perLanguage) cache.set(language, (perLanguage = new WeakMap()));
  let entry = perLanguage.get(rule);
  if (!entry) perLanguage.set(rule, (entry = compile(rule, language)));
  return entry;
}

/** Nodes of the given kinds in pre-order (ast-grep's findAll order), one napi kind query per kind set. */
class CandidateIndex {
  private readonly byKinds = new Map<string, TreeNode[]>();
  constructor(private readonly top: SgNode) {}

  nodes(kinds: string[]): TreeNode[] {
    const key = kinds.join('\0');
    let list = this.byKinds.get(key);
    if (!list) {
      const rule = kinds.length === 1 ? { kind: kinds[0] } : { any: kinds.map((kind) => ({ kind })) };
      list = this.top.findAll({ rule } as never).map((n) => new TreeNode(n));
      this.byKinds.set(key, list);
    }
    return list;
  }
}

function matchesAt(compiled: CompiledRule, node: TreeNode): boolean {
  const { matcher, constraints } = compiled;
  for (const token of matcher.tokens) if (!node.text.includes(token)) return false;
  const env = emptyEnv();
  if (!matcher.match(node, env)) return false;
  for (const [name, constraint] of constraints) {
    const bound = env.single.get(name);
    if (bound && !constraint.match(bound, env)) return false;
  }
  return true;
}

/** Runs compiled rules over a parsed tree; same nodes, same order as napi's findAll per rule. */
export function matchCompiled(root: SgRoot, rules: CompiledRule[]): { rule: Rule; node: SgNode }[] {
  const index = new CandidateIndex(root.root());
  const matches: { rule: Rule; node: SgNode }[] = [];
  for (const compiled of rules) {
    for (const node of index.nodes(compiled.kinds)) if (matchesAt(compiled, node)) matches.push({ rule: compiled.rule, node: node.node });
  }
  return matches;
}
