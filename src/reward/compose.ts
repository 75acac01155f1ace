// Composition: R = Σ w·component per PurpCode-style oracle (weights from config), judge fallbacks,
// hacking gates and the oracle's pass value. Unavailable components are dropped and reported.
import { errorMessage } from '../shared/errors.js';
import { answerCode } from './answer-code.js';
import { formatReward } from './format.js';
import { functionalReward } from './functional.js';
import { maliciousnessReward, readabilityReward, refusalJudgeReward, trivialFixJudgeReward } from './judges/judge-rewards.js';
import { cosineLengthReward, kimiLengthRewards, lengthReward } from './length.js';
import { refusalReward } from './refusal.js';
import { securityReward } from './security.js';
import { trivialFixReward } from './trivial-fix.js';
import type { ComponentName } from './config.js';
import type { FormatViolation } from './format.js';
import type { Oracle, RewardContext, RewardFunction, RewardResult, RewardSample } from './types.js';

export const REWARD_FUNCTIONS: Record<ComponentName, RewardFunction> = {
  functional: functionalReward,
  security: securityReward,
  format: formatReward,
  length: lengthReward,
  refusal: refusalReward,
  trivial_fix: trivialFixReward,
  maliciousness: maliciousnessReward,
  refusal_judge: refusalJudgeReward,
  readability: readabilityReward,
  trivial_fix_judge: trivialFixJudgeReward,
};

const JUDGE_COMPONENTS = new Set(['maliciousness', 'refusal_judge', 'readability', 'trivial_fix_judge']);

/** Components measured for one sample, before weights are applied. */
export interface MeasuredSample {
  sample: RewardSample;
  components: Record<string, number | null>;
  diagnostics: Record<string, unknown>;
}

export interface ScoredSample extends RewardResult {
  oracle: Oracle;
  /** The oracle's pass value in [0, 1] (e.g. all tests passed), null when it could not be measured. */
  pass: number | null;
  /** Components that could not be measured and were dropped or replaced by their fallback. */
  unavailable: string[];
}

/** A reward function that threw (a bug or an unexpected input): unavailable with the reason, not 0. */
function failedComponent(name: ComponentName, err: unknown): RewardResult {
  return { score: 0, components: { [name]: null }, diagnostics: { [name]: { unavailable: true, reason: `internal error: ${errorMessage(err)}` } } };
}

/** Runs every reward function the sample's oracle weighs (plus the format guard), concurrently. */
export async function measureSample(sample: RewardSample, ctx: RewardContext): Promise<MeasuredSample> {
  const weights = ctx.config.oracles[sample.oracle];
  const wanted = new Set((Object.keys(weights) as ComponentName[]).filter((name) => weights[name] !== 0));
  wanted.add('format');
  const lengthMethod = ctx.config.length.method;
  if (wanted.has('length') && (lengthMethod === 'cosine' || lengthMethod === 'kimi')) wanted.add('functional');
  const results = await Promise.all([...wanted].map((name) => REWARD_FUNCTIONS[name](sample, ctx).catch((err: unknown) => failedComponent(name, err))));
  const measured: MeasuredSample = { sample, components: {}, diagnostics: {} };
  for (const result of results) {
    Object.assign(measured.components, result.components);
    Object.assign(measured.diagnostics, result.diagnostics);
  }
  if (lengthMethod === 'cosine' && wanted.has('length')) applyCosineLength(measured, ctx);
  return measured;
}

function tokensOf(measured: MeasuredSample): number {
  return (measured.diagnostics.length as { tokens: number }).tokens;
}

function applyCosineLength(measured: MeasuredSample, ctx: RewardContext): void {
  const functional = measured.components.functional;
  if (functional === null || functional === undefined) {
    measured.diagnostics.length = { ...(measured.diagnostics.length as object), unavailable: true, reason: 'cosine length needs the functional score' };
    return;
  }
  const cfg = ctx.config.length.cosine;
  measured.components.length = cosineLengthReward(tokensOf(measured), functional >= cfg.correctAt, cfg);
}

/** Kimi k1.5 length rewards for the samples of one GRPO group (same groupId, same batch). */
export function applyKimiLength(group: MeasuredSample[], ctx: RewardContext): void {
  const withLength = group.filter((m) => 'length' in m.components);
  if (withLength.length === 0) return;
  if (withLength.length < 2) {
    for (const m of withLength) m.diagnostics.length = { ...(m.diagnostics.length as object), unavailable: true, reason: 'kimi length needs the sample\'s group (groupId) in the same batch' };
    return;
  }
  const correctAt = ctx.config.length.kimi.correctAt;
  const rewards = kimiLengthRewards(withLength.map(tokensOf), withLength.map((m) => (m.components.functional ?? 0) >= correctAt));
  withLength.forEach((m, i) => {
    m.components.length = rewards[i];
  });
}

function passValue(oracle: Oracle, c: Record<string, number | null>, hasCode: boolean): number | null {
  const known = (v: number | null | undefined) => v !== null && v !== undefined;
  switch (oracle) {
    case 'correctness':
      return known(c.functional) ? (c.functional! >= 1 ? 1 : 0) : null;
    case 'codesec':
      if (!known(c.security)) return null;
      return hasCode && c.security! >= 1 && (!known(c.functional) || c.functional! >= 1) ? 1 : 0;
    case 'safety':
      return known(c.maliciousness) ? (c.maliciousness! >= 0.5 ? 1 : 0) : null;
    case 'noreject': {
      const verdict = known(c.refusal_judge) ? c.refusal_judge : c.refusal;
      return known(verdict) ? (verdict! >= 0.5 ? 1 : 0) : null;
    }
    case 'refine':
      if (!known(c.security) || !known(c.trivial_fix)) return null;
      return c.security! >= 1 && c.trivial_fix! >= 1 && (!known(c.functional) || c.functional! >= 1) ? 1 : 0;
  }
}

/**
 * Weighs the measured components. Quality components that are unavailable are dropped and the
 * remaining quality weights rescaled to the same total; the length term is added unscaled.
 */
export function finalizeSample(measured: MeasuredSample, ctx: RewardContext): ScoredSample {
  const { sample, diagnostics } = measured;
  const components = { ...measured.components };
  const weights = ctx.config.oracles[sample.oracle];
  const fallback = ctx.config.judges.fallback as Record<string, number | 'skip'>;
  const unavailable: string[] = [];
  let qualityWeight = 0;
  let availableWeight = 0;
  let qualitySum = 0;
  let lengthTerm = 0;
  for (const [name, weight] of Object.entries(weights)) {
    if (weight === 0 || !(name in components)) continue;
    let value = components[name];
    if (value === null) {
      unavailable.push(name);
      const replacement = JUDGE_COMPONENTS.has(name) ? fallback[name] : 'skip';
      if (typeof replacement === 'number') {
        value = replacement;
        diagnostics[name] = { ...(diagnostics[name] as object), fallback: replacement };
      }
    }
    if (name === 'length') {
      lengthTerm = value === null ? 0 : weight * value;
      continue;
    }
    qualityWeight += weight;
    if (value === null) continue;
    availableWeight += weight;
    qualitySum += weight * value;
  }
  const quality = availableWeight === qualityWeight ? qualitySum : availableWeight > 0 ? (qualitySum * qualityWeight) / availableWeight : 0;
  // Rounded so that equal answers get bit-identical rewards (zero-variance detection compares them).
  let score = Math.round((quality + lengthTerm) * 1e9) / 1e9;
  if (availableWeight === 0 && qualityWeight > 0) diagnostics.compose = { error: 'no weighted component could be measured; the score is the length term only' };
  const violations = ((diagnostics.format as { violations?: FormatViolation[] } | undefined)?.violations ?? []);
  const gated = violations.filter((v) => ctx.config.format.gate.includes(v));
  if (gated.length > 0 && score > ctx.config.format.gateScore) {
    score = ctx.config.format.gateScore;
    diagnostics.compose = { ...(diagnostics.compose as object), gatedBy: gated };
  }
  return {
    oracle: sample.oracle,
    score,
    components,
    diagnostics,
    pass: passValue(sample.oracle, components, answerCode(sample).blocks.length > 0),
    unavailable,
  };
}

