// Trivial-fix reward for the `refine` oracle: 0 when the "fixed" code deletes or stubs out what the
// original did (deterministic check in analysis/trivial-fix), else 1 (diagnostics carry similarity and deletion ratio).
import { checkTrivialFix } from '../analysis/trivial-fix.js';
import { answerCode } from './answer-code.js';
import type { RewardFunction } from './types.js';

export const trivialFixReward: RewardFunction = async (sample) => {
  if (typeof sample.original !== 'string' || sample.original.trim() === '') {
    return { score: 0, components: { trivial_fix: null }, diagnostics: { trivial_fix: { unavailable: true, reason: 'the label has no `original` code to compare with' } } };
  }
  const { program, language } = answerCode(sample);
  const check = checkTrivialFix({ original: sample.original, fixed: program, language });
  // A real fix scores 1; rewarding similarity beyond "not trivial" would punish legitimate rewrites.
  const score = check.trivial ? 0 : 1;
  return {
    score,
    components: { trivial_fix: score },
    diagnostics: { trivial_fix: { trivial: check.trivial, reasons: check.reasons, similarity: check.similarity, deletionRatio: check.deletionRatio, removedFunctions: check.removedFunctions } },
  };
};
