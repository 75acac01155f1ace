// The differential check that gates the compiled engine: on one parse, every compiled rule of a language
// must return exactly napi's nodes (same ranges, same order). Used by the tests and bench/compiled-engine-diff.ts.
import type { SgNode } from '@ast-grep/napi';
import { matchRules, parseSource } from '../engine.js';
import type { LanguageId } from '../languages.js';
import { matchCompiled, type CompiledRule } from './index.js';

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

const spans = (nodes: SgNode[]) =>
  nodes.map((n) => {
    const r = n.range();
    return `${r.start.index}-${r.end.index}`;
  });

/** Rules whose matches differ between the engines on this source (empty when they agree). */
export function compareEngines(source: string, language: LanguageId, compiled: CompiledRule[]): Comparison {
  const root = parseSource(source, language);
  const mismatches: Mismatch[] = [];
  let matched = 0;
  const napiErrors = root.root().has({ rule: { kind: 'ERROR' } } as never);
  const whole = matchCompiled(root, compiled, language);
  if (whole.hasErrors !== napiErrors) mismatches.push({ ruleId: '(syntax errors)', napi: [String(napiErrors)], compiled: [String(!napiErrors)] });
  for (const c of compiled) {
    const napi = spans(matchRules(root, [c.rule]).map((m) => m.node));
    const ours = spans(matchCompiled(root, [c], language).matches.map((m) => m.node));
    matched += napi.length;
    if (napi.join() !== ours.join()) mismatches.push({ ruleId: c.rule.id, napi, compiled: ours });
  }
  return { mismatches, matched, undecided: whole.undecided };
}
