// The compiled rule engine: each rule compiled once (patterns to trees, regexes to RegExp), then matched per
// file on napi's tree without recompiling. Rules it cannot reproduce exactly are reported unsupported and
// keep running through napi's findAll; scanCode mixes both on one parse.
import { kind as napiKind, parse, type SgNode, type SgRoot } from '@ast-grep/napi';
import { astGrepLanguage, ensureLanguagesRegistered, LANGUAGES, type LanguageId } from '../languages.js';
import { asciiRuleTree } from '../regex-ascii.js';
import type { Rule } from '../rules.js';
import { boundNode, emptyEnv, Undecidable } from './match-pattern.js';
import { PatternCompileError } from './pattern.js';
import { UnsupportedRegex } from './regex.js';
import { compileRule, mayMatch, textOnly, UnsupportedRule, type CompileContext, type Matcher } from './rule.js';
import { FlatTree, type FlatNode } from './flat-tree.js';
import { NapiTreeNode, queryFor, TreeScope, type Located, type TreeNode } from './tree.js';

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

function napiParse(source: string, language: LanguageId): SgRoot {
  ensureLanguagesRegistered();
  return parse(astGrepLanguage(language) as never, source);
}

const kindIds = new Map<string, number>();

/** napi's numeric id of a kind: a query by number skips converting and compiling a config. */
function kindId(language: LanguageId, kind: string): number {
  const key = `${language}:${kind}`;
  let id = kindIds.get(key);
  if (id === undefined) kindIds.set(key, (id = napiKind(astGrepLanguage(language) as never, kind as never)));
  return id;
}

/** A parsed file as the compiled engine reads it: the nodes rules can match, and how matches are reported. */
interface Source {
  /** Whether a node below the root is ERROR (what scanCode reports as hasSyntaxErrors). */
  hasErrors(): boolean;
  /** The nodes of these kinds, in pre-order (ast-grep's findAll order). */
  ofKinds(kinds: string[]): TreeNode[];
  located(node: TreeNode): Located;
  /** napi's root, for the rules napi must decide (Undecidable). */
  napiTop(): SgNode;
}

/** napi's tree: one query per kind set, by number for a single kind (measured cheapest). */
function napiSource(root: SgRoot, language: LanguageId): Source {
  const top = root.root();
  const scope = new TreeScope();
  return {
    // napi's has() looks at descendants only (never the root), and stops at the first ERROR.
    hasErrors: () => top.has(kindId(language, 'ERROR') as never),
    ofKinds: (kinds) =>
      kinds.length === 1
        ? top.findAll(kindId(language, kinds[0]) as never).map((n) => new NapiTreeNode(n, scope).known(kinds[0]))
        : top.findAll(queryFor(kinds)).map((n) => new NapiTreeNode(n, scope)),
    located: (node) => (node as NapiTreeNode).node,
    napiTop: () => top,
  };
}

/** The native parser's flat tree: candidates come from one pass over an array, napi is parsed only if needed. */
function flatSource(tree: FlatTree, napiRoot: () => SgRoot): Source {
  return {
    hasErrors: () => tree.hasErrors,
    ofKinds: (kinds) => tree.ofKinds(new Set(kinds)),
    located: (node) => (node as FlatNode).located(),
    napiTop: () => napiRoot().root(),
  };
}

/** The nodes each rule could match, shared by rules with the same kinds. */
class Candidates {
  private readonly lists = new Map<string, TreeNode[]>();

  constructor(private readonly source: Source) {}

  of(compiled: CompiledRule): TreeNode[] {
    const key = compiled.kinds.join(' ');
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = this.source.ofKinds(compiled.kinds)));
    return list;
  }
}

function matchesAt(compiled: CompiledRule, node: TreeNode): boolean {
  const { matcher, constraints } = compiled;
  if (!mayMatch(node, compiled.tokens, compiled.literals)) return false;
  const env = emptyEnv();
  if (!matcher.match(node, env)) return false;
  for (const [name, constraint] of constraints) {
    const bound = boundNode(env, name);
    if (bound && !constraint.match(bound, env)) return false;
  }
  return true;
}

export interface CompiledMatches {
  matches: { rule: Rule; node: Located }[];
  /** Whether the tree has an ERROR node (what scanCode reports as hasSyntaxErrors). */
  hasErrors: boolean;
  /** Rules napi had to decide on this tree (Undecidable), for the differential bench. */
  undecided: number;
}

/**
 * Runs compiled rules over a parsed tree (napi's, or the native flat one from parseFlat); same nodes, same
 * order as napi's findAll per rule. `napiRoot` gives napi's parse of a flat tree's source when a rule needs it.
 */
export function matchCompiled(tree: SgRoot | FlatTree, rules: CompiledRule[], language: LanguageId, napiRoot?: () => SgRoot): CompiledMatches {
  const source = tree instanceof FlatTree ? flatSource(tree, napiRoot ?? (() => napiParse(tree.source, language))) : napiSource(tree, language);
  const hasErrors = source.hasErrors();
  const candidates = new Candidates(source);
  const matches: { rule: Rule; node: Located }[] = [];
  let undecided = 0;
  for (const compiled of rules) {
    const nodes = candidates.of(compiled);
    try {
      const found = nodes.filter((node) => matchesAt(compiled, node)).map((node) => ({ rule: compiled.rule, node: source.located(node) }));
      matches.push(...found);
    } catch (err) {
      if (!(err instanceof Undecidable)) throw err;
      // Rare (an ERROR node where a pattern needs a node): napi decides this rule on this tree.
      undecided++;
      for (const node of source.napiTop().findAll(compiled.config as never)) matches.push({ rule: compiled.rule, node });
    }
  }
  return { matches, hasErrors, undecided };
}
