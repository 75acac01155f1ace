// Matches a compiled pattern against one tree node with ast-grep's `smart` strictness: every pattern node
// must match, unnamed target nodes may be skipped, `$$$` takes as few nodes as lets the rest match.
// A port of ast-grep-core's match_tree (match_node_impl / match_nodes_impl_recursive), for these semantics only.
import type { MetaVar, PatternNode } from './pattern.js';
import type { TreeNode } from './tree.js';

/** Bindings as an immutable list, newest first: a later binding of a name shadows an earlier one. */
interface Binding<T> {
  name: string;
  value: T;
  next: Binding<T> | null;
}

/**
 * Metavariable bindings; copied before a branch that may fail so failures never leak bindings. The lists
 * are never changed in place, so a copy shares them and costs two pointers: matching copies an env for
 * every branch it tries, most of which bind nothing.
 */
export interface Env {
  single: Binding<TreeNode> | null;
  multi: Binding<TreeNode[]> | null;
}

export const emptyEnv = (): Env => ({ single: null, multi: null });
export const cloneEnv = (env: Env): Env => ({ single: env.single, multi: env.multi });

/** The node bound to a single metavariable, if any. */
export function boundNode(env: Env, name: string): TreeNode | undefined {
  for (let b = env.single; b; b = b.next) if (b.name === name) return b.value;
  return undefined;
}

const MATCHED = 0;
const SKIP_CANDIDATE = 1;
const NO_MATCH = 2;
type Outcome = typeof MATCHED | typeof SKIP_CANDIDATE | typeof NO_MATCH;

/** ast-grep's does_node_match_exactly: same node, same text for leaves, else same shape. */
function sameNode(a: TreeNode, b: TreeNode): boolean {
  if (a === b || a.id === b.id) return true;
  if (a.namedLeaf || b.namedLeaf) return a.text === b.text;
  if (a.kind !== b.kind) return false;
  const ac = a.children;
  const bc = b.children;
  return ac.length === bc.length && ac.every((c, i) => sameNode(c, bc[i]));
}

function bindSingle(env: Env, name: string, node: TreeNode): boolean {
  const bound = boundNode(env, name);
  if (bound) return sameNode(bound, node);
  env.single = { name, value: node, next: env.single };
  return true;
}

function matchMetaVar(metaVar: MetaVar, node: TreeNode, env: Env): boolean {
  switch (metaVar.type) {
    case 'capture':
      return (!metaVar.named || node.named) && bindSingle(env, metaVar.name, node);
    case 'dropped':
      return !metaVar.named || node.named;
    case 'ellipsisCapture':
      env.multi = { name: metaVar.name, value: [node], next: env.multi };
      return true;
    case 'ellipsis':
      return true;
  }
}

/** Thrown where the outcome depends on whether an ERROR node is "extra", which napi does not expose. */
export class Undecidable extends Error {}

const kindsMatch = (goal: string, candidate: string) => goal === candidate || goal === 'ERROR';

/** Smart strictness skips extra target nodes (comments) wherever a pattern node would fail on them. */
function isExtra(node: TreeNode): boolean {
  if (!node.named) return false;
  const extra = node.extra;
  if (extra === undefined) throw new Undecidable('an ERROR node may be extra');
  return extra;
}

function matchOne(goal: PatternNode, node: TreeNode, env: Env): Outcome {
  if (goal.type === 'terminal') {
    if (kindsMatch(goal.kind, node.kind) && (!goal.named || goal.text === node.text)) return MATCHED;
    return !node.named || isExtra(node) ? SKIP_CANDIDATE : NO_MATCH;
  }
  if (goal.type === 'metavar') {
    if (isExtra(node)) return SKIP_CANDIDATE;
    return matchMetaVar(goal.metaVar, node, env) ? MATCHED : NO_MATCH;
  }
  if (!kindsMatch(goal.kind, node.kind)) return isExtra(node) ? SKIP_CANDIDATE : NO_MATCH;
  return matchChildren(goal.children, node.children, env) ? MATCHED : NO_MATCH;
}

const ellipsisName = (goal: PatternNode): string | null | undefined => {
  if (goal.type !== 'metavar') return undefined;
  if (goal.metaVar.type === 'ellipsis') return null;
  if (goal.metaVar.type === 'ellipsisCapture') return goal.metaVar.name;
  return undefined;
};

const isTrivial = (goal: PatternNode) => goal.type === 'terminal' && !goal.named;

function bindEllipsis(env: Env, name: string | null, nodes: TreeNode[], skipped: number): void {
  if (name !== null) env.multi = { name, value: nodes.slice(0, Math.max(0, nodes.length - skipped)), next: env.multi };
}

/** match_nodes_impl_recursive for smart strictness; mutates env (the caller owns a copy). */
function matchChildren(goals: PatternNode[], candidates: TreeNode[], env: Env): boolean {
  let g = 0;
  let c = 0;
  if (candidates.length === 0) return false;
  for (;;) {
    // may_match_ellipsis_impl
    if (g >= goals.length) return true;
    const name = ellipsisName(goals[g]);
    if (name !== undefined) {
      const matched: TreeNode[] = [];
      g++;
      if (g >= goals.length) {
        bindEllipsis(env, name, candidates.slice(c), 0);
        return true;
      }
      let skipped = 0;
      while (isTrivial(goals[g])) {
        g++;
        skipped++;
        if (g >= goals.length) {
          bindEllipsis(env, name, [...matched, ...candidates.slice(c)], skipped);
          return true;
        }
      }
      if (ellipsisName(goals[g]) !== undefined) {
        matched.push(candidates[c++]);
        if (c >= candidates.length) return false;
        bindEllipsis(env, name, matched, skipped);
        continue;
      }
      for (;;) {
        const probe = cloneEnv(env);
        if (matchOne(goals[g], candidates[c], probe) === MATCHED) {
          bindEllipsis(env, name, matched, skipped);
          break;
        }
        matched.push(candidates[c++]);
        if (c >= candidates.length) return false;
      }
    }
    // match_single_node_while_skip_trivial
    let ranOut = false;
    for (;;) {
      if (c >= candidates.length) {
        // Remaining goals must all be ellipses (smart strictness skips only those).
        while (g < goals.length && ellipsisName(goals[g]) !== undefined) g++;
        if (g < goals.length) return false;
        ranOut = true;
        break;
      }
      const outcome = matchOne(goals[g], candidates[c], env);
      if (outcome === MATCHED) break;
      if (outcome === NO_MATCH) return false;
      c++;
    }
    if (!ranOut && g < goals.length) {
      g++;
      c++;
    }
    // Smart strictness skips any trailing target nodes.
    if (g >= goals.length) return true;
    if (c >= candidates.length) return false;
  }
}

/** Matches a pattern at `node`; on success the bindings are written to `env`. */
export function matchPattern(goal: PatternNode, node: TreeNode, env: Env): boolean {
  const trial = cloneEnv(env);
  if (matchOne(goal, node, trial) !== MATCHED) return false;
  env.single = trial.single;
  env.multi = trial.multi;
  return true;
}
