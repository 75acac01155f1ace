// The differential check that gates the compiled engine: every compiled rule of a language must return
// exactly napi's nodes (same ranges, same order), on napi's tree and on the native parser's flat tree.
// Used by the tests and bench/compiled-engine-diff.ts.
import { matchRules, parseSource } from '../engine.js';
import type { LanguageId } from '../languages.js';
import { flatTreeFor } from './flat-tree.js';
import { matchCompiled, type CompiledRule } from './index.js';
import type { Located } from './tree.js';

export interface Comparison {
  mismatches: Mismatch[];
  /** Nodes napi matched, summed over the rules: shows the check compared real findings. */
  matched: number;
  /** Rules the compiled engine left to napi on this source (an ERROR node it could not judge). */
  undecided: number;
}

export interface Mismatch {
  ruleId: string;
  napi: string[];
  compiled: string[];
}

const spans = (nodes: Located[]) =>
  nodes.map((n) => {
    const r = n.range();
    return `${r.start.index}-${r.end.index}`;
  });

/** Rules whose matches differ between the engines on this source (empty when they agree). */
export function compareEngines(source: string, language: LanguageId, compiled: CompiledRule[]): Comparison {
  const root = parseSource(source, language);
  const mismatches: Mismatch[] = [];
  let matched = 0;
  // Both trees the compiled engine reads: napi's, and the native parser's where it is built and used.
  const flat = flatTreeFor(source, language);
  const trees = flat ? [root, flat] : [root];
  const napiErrors = root.root().has({ rule: { kind: 'ERROR' } } as never);
  let undecided = 0;
  for (const tree of trees) {
    const label = tree === flat ? ' (flat tree)' : '';
    const whole = matchCompiled(tree, compiled, language, () => root);
    undecided += whole.undecided;
    if (whole.hasErrors !== napiErrors) mismatches.push({ ruleId: `(syntax errors)${label}`, napi: [String(napiErrors)], compiled: [String(whole.hasErrors)] });
  }
  for (const c of compiled) {
    const napi = spans(matchRules(root, [c.rule]).map((m) => m.node));
    matched += napi.length;
    for (const tree of trees) {
      const ours = spans(matchCompiled(tree, [c], language, () => root).matches.map((m) => m.node));
      if (napi.join() !== ours.join()) mismatches.push({ ruleId: c.rule.id + (tree === flat ? ' (flat tree)' : ''), napi, compiled: ours });
    }
  }
  return { mismatches, matched, undecided };
}
