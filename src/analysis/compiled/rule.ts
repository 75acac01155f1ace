// Compiles an ast-grep rule object once into a matcher tree with ast-grep's evaluation order (atomic, then
// composite, then relational parts of one object) and env threading. Anything outside the features our rules
// use throws UnsupportedRule, so that rule keeps running through napi.
import type { LanguageId } from '../languages.js';
import { cloneEnv, emptyEnv, matchPattern, type Env } from './match-pattern.js';
import { compilePattern, patternKind, patternTokens } from './pattern.js';
import { translateRegex } from './regex.js';
import type { TreeNode } from './tree.js';

export class UnsupportedRule extends Error {}

export interface Matcher {
  match(node: TreeNode, env: Env): boolean;
  /** Kinds a matched node can have (a superset), or null when any kind can match. */
  kinds: Set<string> | null;
  /** Texts every matched node's text contains: a free test before any tree access. */
  tokens: string[];
}

export interface CompileContext {
  language: LanguageId;
  utils: Record<string, unknown>;
  compiledUtils: Map<string, Matcher>;
  resolving: Set<string>;
}

type RuleObject = Record<string, unknown>;

const KNOWN_KEYS = new Set(['pattern', 'kind', 'regex', 'nthChild', 'all', 'any', 'not', 'matches', 'inside', 'has', 'precedes', 'follows']);
const RELATION_KEYS = new Set([...KNOWN_KEYS, 'stopBy', 'field']);

const hasTokens = (node: TreeNode, tokens: string[]) => tokens.every((t) => node.text.includes(t));

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

function anyOf(parts: Matcher[]): Matcher {
  const kinds = union(parts.map((p) => p.kinds));
  return {
    kinds,
    tokens: [],
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
    tokens: [],
    match(node) {
      const parent = node.parent;
      if (!parent || !node.named) return false;
      const named = parent.children.filter((c) => c.named);
      const at = named.findIndex((c) => c.id === node.id);
      return at + 1 === position;
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
  const tokens = key === 'has' ? inner.tokens : [];
  const base = { kinds: null, tokens };
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
  return { ...base, match: (node, env) => hasMatch(node, field, stop, inner, env) };
}

/** Searches descendants in pre-order, skipping subtrees whose text cannot contain a match. */
function searchDescendants(node: TreeNode, inner: Matcher, env: Env, includeSelf: boolean): boolean {
  if (!hasTokens(node, inner.tokens)) return false;
  if (includeSelf && inner.match(node, env)) return true;
  for (const child of node.children) if (searchDescendants(child, inner, env, true)) return true;
  return false;
}

function hasMatch(node: TreeNode, field: string | undefined, stop: StopBy, inner: Matcher, env: Env): boolean {
  if (field !== undefined) {
    const child = node.field(field);
    if (!child) return false;
    if (stop.type === 'neighbor') return inner.match(child, env);
    if (stop.type === 'end') return searchDescendants(child, inner, env, true);
    if (inner.match(child, env)) return true;
    return !stop.rule.match(child, emptyEnv()) && child.children.some((c) => inner.match(c, env));
  }
  if (stop.type === 'neighbor') return node.children.some((c) => inner.match(c, env));
  if (stop.type === 'end') return searchDescendants(node, inner, env, false);
  return node.children.some((c) => inner.match(c, env) || (!stop.rule.match(c, emptyEnv()) && hasMatch(c, undefined, stop, inner, env)));
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
      match: (node, env) => (pattern.rootKind === undefined || node.kind === pattern.rootKind) && matchPattern(pattern.node, node, env),
    });
  }
  if (r.kind !== undefined) {
    const kind = r.kind;
    if (typeof kind !== 'string') throw new UnsupportedRule('kind must be a string');
    parts.push({ kinds: new Set([kind]), tokens: [], match: (node) => node.kind === kind && (node.named || kind === 'ERROR') });
  }
  if (r.regex !== undefined) {
    if (typeof r.regex !== 'string') throw new UnsupportedRule('regex must be a string');
    const regex = translateRegex(r.regex);
    parts.push({ kinds: null, tokens: [], match: (node) => regex.test(node.text) });
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
    parts.push({ kinds: null, tokens: [], match: (node, env) => !inner.match(node, cloneEnv(env)) });
  }
  if (r.matches !== undefined) parts.push(utilMatcher(r.matches, ctx));
  for (const key of ['inside', 'has', 'precedes', 'follows']) if (r[key] !== undefined) parts.push(relation(key, r[key], ctx));
  if (parts.length === 0) throw new UnsupportedRule('rule has no positive matcher');
  return allOf(parts);
}
