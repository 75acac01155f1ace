// Compiles an ast-grep rule object once into a matcher tree with ast-grep's evaluation order (atomic, then
// composite, then relational parts of one object) and env threading. Anything outside the features our rules
// use throws UnsupportedRule, so that rule keeps running through napi.
import type { LanguageId } from '../languages.js';
import { cloneEnv, emptyEnv, matchPattern, type Env } from './match-pattern.js';
import { regexLiterals } from '../prefilter.js';
import { compilePattern, patternCaptures, patternKind, patternTokens } from './pattern.js';
import { translateRegex } from './regex.js';
import type { TreeNode } from './tree.js';

export class UnsupportedRule extends Error {}

export interface Matcher {
  match(node: TreeNode, env: Env): boolean;
  /** Kinds a matched node can have (a superset), or null when any kind can match. */
  kinds: Set<string> | null;
  /** Texts every matched node's text contains: a cheap test before any tree access. */
  tokens: string[];
  /** Groups of lower-case literals: a matched node's text contains one of each group (from regexes). */
  literals: string[][];
  /** Single metavariables every match binds to nodes inside the matched node. */
  bound: Set<string>;
}

/** Whether a node can match at all, judged from its text (and its kind for kind alternatives). */
export function mayMatch(node: TreeNode, tokens: string[], literals: string[][]): boolean {
  for (const token of tokens) if (!node.text.includes(token)) return false;
  for (const group of literals) if (!group.some((literal) => (literal.charCodeAt(0) === 0 ? node.kind === literal.slice(1) : node.lowerText.includes(literal)))) return false;
  return true;
}

/** Groups that speak only of text: kind alternatives hold for one node, not for its ancestors. */
export const textOnly = (groups: string[][]) => groups.filter((g) => g.every((l) => l.charCodeAt(0) !== 0));

const NOTHING = { tokens: [] as string[], literals: [] as string[][], bound: new Set<string>() };

export interface CompileContext {
  language: LanguageId;
  utils: Record<string, unknown>;
  compiledUtils: Map<string, Matcher>;
  resolving: Set<string>;
}

type RuleObject = Record<string, unknown>;

const KNOWN_KEYS = new Set(['pattern', 'kind', 'regex', 'nthChild', 'all', 'any', 'not', 'matches', 'inside', 'has', 'precedes', 'follows']);
const RELATION_KEYS = new Set([...KNOWN_KEYS, 'stopBy', 'field']);


function intersect(sets: (Set<string> | null)[]): Set<string> | null {
  const known = sets.filter((s): s is Set<string> => s !== null);
  if (known.length === 0) return null;
  return new Set([...known[0]].filter((k) => known.every((s) => s.has(k))));
}

function union(sets: (Set<string> | null)[]): Set<string> | null {
  if (sets.some((s) => s === null)) return null;
  return new Set(sets.flatMap((s) => [...s!]));
}

/** All parts must match, in order, on one env; bindings are kept only when every part matched. */
function allOf(parts: Matcher[]): Matcher {
  if (parts.length === 1) return parts[0];
  const kinds = intersect(parts.map((p) => p.kinds));
  return {
    kinds,
    tokens: [...new Set(parts.flatMap((p) => p.tokens))],
    literals: parts.flatMap((p) => p.literals),
    bound: new Set(parts.flatMap((p) => [...p.bound])),
    match(node, env) {
      if (kinds && !kinds.has(node.kind)) return false;
      const trial = cloneEnv(env);
      for (const part of parts) if (!part.match(node, trial)) return false;
      env.single = trial.single;
      env.multi = trial.multi;
      return true;
    },
  };
}

/**
 * One requirement of a matcher as a literal group: its smallest group, else its longest token, else its
 * kinds (written NUL + kind: a branch of another kind cannot match, whatever the text).
 */
function strongest(m: Matcher): string[] | null {
  if (m.literals.length) return m.literals.reduce((a, b) => (b.length < a.length ? b : a));
  if (m.tokens.length) return [m.tokens.reduce((a, b) => (b.length > a.length ? b : a)).toLowerCase()];
  if (m.kinds) return [...m.kinds].map((kind) => `\0${kind}`);
  return null;
}

function anyOf(parts: Matcher[]): Matcher {
  const kinds = union(parts.map((p) => p.kinds));
  const bound = new Set([...(parts[0]?.bound ?? [])].filter((name) => parts.every((p) => p.bound.has(name))));
  // Each branch needs one of its literals, so the text needs one literal of some branch.
  const picks = parts.map(strongest);
  const literals = parts.length > 0 && picks.every((p) => p !== null) ? [[...new Set(picks.flatMap((p) => p!))]] : [];
  return {
    kinds,
    ...NOTHING,
    literals,
    bound,
    match(node, env) {
      if (kinds && !kinds.has(node.kind)) return false;
      for (const part of parts) {
        const trial = cloneEnv(env);
        if (part.match(node, trial)) {
          env.single = trial.single;
          env.multi = trial.multi;
          return true;
        }
      }
      return false;
    },
  };
}

function nthChild(position: unknown): Matcher {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 1) throw new UnsupportedRule('nthChild other than a number');
  return {
    kinds: null,
    ...NOTHING,
    match(node) {
      const at = node.position;
      if (at < 0 || !node.named) return false;
      const siblings = node.parent!.children;
      let nth = 0;
      for (let i = 0; i <= at; i++) if (siblings[i].named) nth++;
      return nth === position;
    },
  };
}

type StopBy = { type: 'neighbor' } | { type: 'end' } | { type: 'rule'; rule: Matcher };

function stopBy(value: unknown, ctx: CompileContext): StopBy {
  if (value === undefined || value === 'neighbor') return { type: 'neighbor' };
  if (value === 'end') return { type: 'end' };
  if (value && typeof value === 'object') return { type: 'rule', rule: compileRule(value, ctx) };
  throw new UnsupportedRule(`stopBy ${String(value)}`);
}

/** Walks a sibling/ancestor chain as ast-grep's StopBy::find: neighbor = first only, rule = up to and including the stop. */
function findAlong(start: TreeNode | null, step: (n: TreeNode) => TreeNode | null, stop: StopBy, finder: (n: TreeNode) => boolean): boolean {
  if (stop.type === 'neighbor') return start !== null && finder(start);
  for (let n = start; n; n = step(n)) {
    const last = stop.type === 'rule' && stop.rule.match(n, emptyEnv());
    if (finder(n)) return true;
    if (last) return false;
  }
  return false;
}

function relation(key: string, value: unknown, ctx: CompileContext): Matcher {
  if (!value || typeof value !== 'object') throw new UnsupportedRule(`${key} must be an object`);
  const r = value as RuleObject;
  for (const k of Object.keys(r)) if (!RELATION_KEYS.has(k)) throw new UnsupportedRule(`${key}.${k}`);
  const { stopBy: stopValue, field, ...rest } = r;
  const inner = compileRule(rest, ctx);
  const stop = stopBy(stopValue, ctx);
  if (field !== undefined && typeof field !== 'string') throw new UnsupportedRule('field must be a string');
  if (field !== undefined && (key === 'precedes' || key === 'follows')) throw new UnsupportedRule('field in precedes/follows');
  // Only `has` finds its node inside the target, so only its needs carry over to the target's text.
  const base = { kinds: null, ...(key === 'has' ? { tokens: inner.tokens, literals: textOnly(inner.literals), bound: inner.bound } : NOTHING) };
  if (key === 'inside') {
    if (field === undefined) return { ...base, match: (node, env) => findAlong(node.parent, (n) => n.parent, stop, (n) => inner.match(n, env)) };
    return {
      ...base,
      match(node, env) {
        let last = node;
        return findAlong(node.parent, (n) => n.parent, stop, (n) => {
          const expected = last;
          last = n;
          const child = n.field(field);
          return child !== null && child.id === expected.id && inner.match(n, env);
        });
      },
    };
  }
  if (key === 'precedes') return { ...base, match: (node, env) => findAlong(node.next(), (n) => n.next(), stop, (n) => inner.match(n, env)) };
  if (key === 'follows') return { ...base, match: (node, env) => findAlong(node.prev(), (n) => n.prev(), stop, (n) => inner.match(n, env)) };
  const needs = textOnly(inner.literals);
  return { ...base, match: (node, env) => hasMatch(node, field, stop, inner, needs, env) };
}

/** Kinds so frequent that a walk finds one sooner than a kind query lists them all (measured). */
const COMMON_KINDS = new Set(['identifier', 'string', 'attribute', 'argument_list']);

/**
 * Searches descendants in pre-order (ast-grep's dfs: the first match wins), skipping subtrees whose text
 * cannot contain a match. When the target's kinds are known and rare, one napi kind query lists the
 * candidates in Rust instead of fetching every node's children from JS.
 */
function searchDescendants(node: TreeNode, inner: Matcher, needs: string[][], env: Env, includeSelf: boolean): boolean {
  if (!mayMatch(node, inner.tokens, needs)) return false;
  if (inner.kinds && ![...inner.kinds].some((k) => COMMON_KINDS.has(k))) {
    const found = node.descendantsOfKinds(inner.kinds);
    for (let i = 0; i < found.length; i++) {
      const d = found[i];
      if (i === 0 && !includeSelf && d.id === node.id) continue;
      if (mayMatch(d, inner.tokens, inner.literals) && inner.match(d, env)) return true;
    }
    return false;
  }
  // An explicit stack, not recursion: generated code can nest thousands of levels deep.
  const stack = includeSelf ? [node] : [...node.children].reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (!mayMatch(next, inner.tokens, needs)) continue;
    if (inner.match(next, env)) return true;
    const children = next.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return false;
}

function hasMatch(node: TreeNode, field: string | undefined, stop: StopBy, inner: Matcher, needs: string[][], env: Env): boolean {
  if (field !== undefined) {
    const child = node.field(field);
    if (!child) return false;
    if (stop.type === 'neighbor') return inner.match(child, env);
    if (stop.type === 'end') return searchDescendants(child, inner, needs, env, true);
    if (inner.match(child, env)) return true;
    return !stop.rule.match(child, emptyEnv()) && child.children.some((c) => inner.match(c, env));
  }
  if (stop.type === 'neighbor') return node.children.some((c) => inner.match(c, env));
  if (stop.type === 'end') return searchDescendants(node, inner, needs, env, false);
  return node.children.some((c) => inner.match(c, env) || (!stop.rule.match(c, emptyEnv()) && hasMatch(c, undefined, stop, inner, needs, env)));
}

function utilMatcher(name: unknown, ctx: CompileContext): Matcher {
  if (typeof name !== 'string' || !(name in ctx.utils)) throw new UnsupportedRule(`unknown util ${String(name)}`);
  const done = ctx.compiledUtils.get(name);
  if (done) return done;
  if (ctx.resolving.has(name)) throw new UnsupportedRule(`cyclic util ${name}`);
  ctx.resolving.add(name);
  const compiled = compileRule(ctx.utils[name], ctx);
  ctx.resolving.delete(name);
  ctx.compiledUtils.set(name, compiled);
  return compiled;
}

/** Compiles one rule object (the value of `rule`, a constraint, a util or a relation's target). */
export function compileRule(value: unknown, ctx: CompileContext): Matcher {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UnsupportedRule('rule must be an object');
  const r = value as RuleObject;
  for (const k of Object.keys(r)) if (!KNOWN_KEYS.has(k)) throw new UnsupportedRule(`rule key ${k}`);
  const parts: Matcher[] = [];
  if (r.pattern !== undefined) {
    const pattern = compilePattern(r.pattern, ctx.language);
    const kind = patternKind(pattern);
    parts.push({
      kinds: kind === null ? null : new Set([kind]),
      tokens: [...patternTokens(pattern.node)],
      literals: [],
      bound: patternCaptures(pattern.node),
      match: (node, env) => (pattern.rootKind === undefined || node.kind === pattern.rootKind) && matchPattern(pattern.node, node, env),
    });
  }
  if (r.kind !== undefined) {
    const kind = r.kind;
    if (typeof kind !== 'string') throw new UnsupportedRule('kind must be a string');
    parts.push({ kinds: new Set([kind]), ...NOTHING, match: (node) => node.kind === kind && (node.named || kind === 'ERROR') });
  }
  if (r.regex !== undefined) {
    if (typeof r.regex !== 'string') throw new UnsupportedRule('regex must be a string');
    const regex = translateRegex(r.regex);
    const literals = regexLiterals(r.regex);
    parts.push({ kinds: null, ...NOTHING, literals: literals ? [literals] : [], match: (node) => regex.test(node.text) });
  }
  if (r.nthChild !== undefined) parts.push(nthChild(r.nthChild));
  if (r.all !== undefined) {
    if (!Array.isArray(r.all)) throw new UnsupportedRule('all must be a list');
    parts.push(allOf(r.all.map((item) => compileRule(item, ctx))));
  }
  if (r.any !== undefined) {
    if (!Array.isArray(r.any)) throw new UnsupportedRule('any must be a list');
    parts.push(anyOf(r.any.map((item) => compileRule(item, ctx))));
  }
  if (r.not !== undefined) {
    const inner = compileRule(r.not, ctx);
    parts.push({ kinds: null, ...NOTHING, match: (node, env) => !inner.match(node, cloneEnv(env)) });
  }
  if (r.matches !== undefined) parts.push(utilMatcher(r.matches, ctx));
  for (const key of ['inside', 'has', 'precedes', 'follows']) if (r[key] !== undefined) parts.push(relation(key, r[key], ctx));
  if (parts.length === 0) throw new UnsupportedRule('rule has no positive matcher');
  return allOf(parts);
}
