// The compiled rule engine: each rule compiled once (patterns to trees, regexes to RegExp), then matched per
// file on napi's tree without recompiling. Rules it cannot reproduce exactly are reported unsupported and
// keep running through napi's findAll; scanCode mixes both on one parse.
import { kind as napiKind, parse, type SgNode, type SgRoot } from '@ast-grep/napi';
import { astGrepLanguage, ensureLanguagesRegistered, LANGUAGES, type LanguageId } from '../languages.js';
import { asciiRuleTree } from '../regex-ascii.js';
import type { Rule } from '../rules.js';
import { emptyEnv, Undecidable } from './match-pattern.js';
import { PatternCompileError } from './pattern.js';
import { UnsupportedRegex } from './regex.js';
import { compileRule, mayMatch, textOnly, UnsupportedRule, type CompileContext, type Matcher } from './rule.js';
import { queryFor, TreeNode, TreeScope } from './tree.js';

/**
 * Languages whose rules have passed the differential check against napi (bench/compiled-engine-diff.ts:
 * fixtures, CyberSecEval, HumanEval, SafeCoder): every language the detector ships rules for.
 */
export const COMPILED_LANGUAGES: ReadonlySet<LanguageId> = new Set(LANGUAGES);

export interface CompiledRule {
  rule: Rule;
  matcher: Matcher;
  constraints: [string, Matcher][];
  /** Kinds a match can have, for the one napi kind query per file. */
  kinds: string[];
  /** The napi config of the rule, run instead when the compiled match cannot decide (see Undecidable). */
  config: object;
  /** What a candidate's text must contain: the rule's own needs plus those of constraints on metavariables bound inside it. */
  tokens: string[];
  literals: string[][];
}

export type Compilation = { ok: true; compiled: CompiledRule } | { ok: false; reason: string };

/**
 * The rule's config as engine.ts gives it to napi (regexes in their ASCII rewrite). Throws when napi
 * refuses the rule (an unknown kind, a regex Rust rejects): such a rule must stay on the napi path,
 * which reports it in ScanResult.ruleErrors instead of failing the whole scan.
 */
function napiConfig(rule: Rule, language: LanguageId): object {
  ensureLanguagesRegistered();
  const config = { rule: asciiRuleTree(rule.rule), constraints: asciiRuleTree(rule.constraints), utils: asciiRuleTree(rule.utils) };
  try {
    parse(astGrepLanguage(language) as never, '').root().findAll(config as never);
  } catch (err) {
    throw new UnsupportedRule(`napi rejects the rule: ${(err as Error).message}`);
  }
  return config;
}

const cache = new Map<LanguageId, WeakMap<Rule, Compilation>>();

function compile(rule: Rule, language: LanguageId): Compilation {
  // The regexes napi runs are the ASCII rewrites (engine.ts), so those are what must be reproduced.
  const ctx: CompileContext = { language, utils: asciiRuleTree(rule.utils ?? {}), compiledUtils: new Map(), resolving: new Set() };
  try {
    if (rule.transform) throw new UnsupportedRule('transform');
    const config = napiConfig(rule, language);
    const matcher = compileRule(asciiRuleTree(rule.rule), ctx);
    if (matcher.kinds === null) throw new UnsupportedRule('the rule can match any node kind');
    const constraints = Object.entries(asciiRuleTree(rule.constraints ?? {})).map(([name, c]): [string, Matcher] => [name, compileRule(c, ctx)]);
    const inside = constraints.filter(([name]) => matcher.bound.has(name)).map(([, c]) => c);
    const tokens = [...new Set([...matcher.tokens, ...inside.flatMap((c) => c.tokens)])];
    const literals = [...matcher.literals, ...inside.flatMap((c) => textOnly(c.literals))];
    return { ok: true, compiled: { rule, matcher, constraints, kinds: [...matcher.kinds].sort(), config, tokens, literals } };
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

/** The rules for a language, split into those the compiled engine runs and those left to napi (with why). */
export function partitionRules(rules: Rule[], language: LanguageId): { compiled: CompiledRule[]; unsupported: { rule: Rule; reason: string }[] } {
  const compiled: CompiledRule[] = [];
  const unsupported: { rule: Rule; reason: string }[] = [];
  for (const rule of rules) {
    if (!rule.languages.includes(language)) continue;
    const entry = compiledRule(rule, language);
    if (entry.ok) compiled.push(entry.compiled);
    else unsupported.push({ rule, reason: entry.reason });
  }
  return { compiled, unsupported };
}

const kindIds = new Map<string, number>();

/** napi's numeric id of a kind: a query by number skips converting and compiling a config. */
function kindId(language: LanguageId, kind: string): number {
  const key = `${language}:${kind}`;
  let id = kindIds.get(key);
  if (id === undefined) kindIds.set(key, (id = napiKind(astGrepLanguage(language) as never, kind as never)));
  return id;
}

/**
 * The nodes each rule could match, in pre-order (ast-grep's findAll order): one napi query per distinct
 * kind set of the file's rules, by number for a single kind (measured cheapest), shared by rules alike.
 */
class Candidates {
  private readonly lists = new Map<string, TreeNode[]>();
  private readonly scope = new TreeScope();

  constructor(
    private readonly top: SgNode,
    private readonly language: LanguageId,
  ) {}

  of(compiled: CompiledRule): TreeNode[] {
    const key = compiled.kinds.join(' ');
    let list = this.lists.get(key);
    if (!list) {
      if (compiled.kinds.length === 1) {
        const kind = compiled.kinds[0];
        list = this.top.findAll(kindId(this.language, kind) as never).map((n) => new TreeNode(n, this.scope).known(kind));
      } else {
        list = this.top.findAll(queryFor(compiled.kinds)).map((n) => new TreeNode(n, this.scope));
      }
      this.lists.set(key, list);
    }
    return list;
  }
}

function matchesAt(compiled: CompiledRule, node: TreeNode): boolean {
  const { matcher, constraints } = compiled;
  if (!mayMatch(node, compiled.tokens, compiled.literals)) return false;
  const env = emptyEnv();
  if (!matcher.match(node, env)) return false;
  for (const [name, constraint] of constraints) {
    const bound = env.single.get(name);
    if (bound && !constraint.match(bound, env)) return false;
  }
  return true;
}

export interface CompiledMatches {
  matches: { rule: Rule; node: SgNode }[];
  /** Whether the tree has an ERROR node (what scanCode reports as hasSyntaxErrors). */
  hasErrors: boolean;
  /** Rules napi had to decide on this tree (Undecidable), for the differential bench. */
  undecided: number;
}

/** Runs compiled rules over a parsed tree; same nodes, same order as napi's findAll per rule. */
export function matchCompiled(root: SgRoot, rules: CompiledRule[], language: LanguageId): CompiledMatches {
  const top = root.root();
  // napi's has() looks at descendants only (never the root), and stops at the first ERROR.
  const hasErrors = top.has(kindId(language, 'ERROR') as never);
  const candidates = new Candidates(top, language);
  const matches: { rule: Rule; node: SgNode }[] = [];
  let undecided = 0;
  for (const compiled of rules) {
    const nodes = candidates.of(compiled);
    try {
      const found = nodes.filter((node) => matchesAt(compiled, node)).map((node) => ({ rule: compiled.rule, node: node.node }));
      matches.push(...found);
    } catch (err) {
      if (!(err instanceof Undecidable)) throw err;
      // Rare (an ERROR node where a pattern needs a node): napi decides this rule on this tree.
      undecided++;
      for (const node of top.findAll(compiled.config as never)) matches.push({ rule: compiled.rule, node });
    }
  }
  return { matches, hasErrors, undecided };
}
