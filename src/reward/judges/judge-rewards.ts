// The four LLM-as-judge rewards (maliciousness, refusal appropriateness, readability, trivial-fix
// judge), one factory over the JudgeRunner. No judge or a failed call → null + reason, never 0.
import { answerCode } from '../answer-code.js';
import type { JudgeName, RewardFunction } from '../types.js';

function judgeReward(judge: JudgeName, component: string, needsOriginal = false): RewardFunction {
  return async (sample, ctx) => {
    if (!ctx.judges) {
      return { score: 0, components: { [component]: null }, diagnostics: { [component]: { unavailable: true, reason: 'no judge model configured (judges.baseUrl)' } } };
    }
    if (needsOriginal && !sample.original) {
      return { score: 0, components: { [component]: null }, diagnostics: { [component]: { unavailable: true, reason: 'the label has no `original` code' } } };
    }
    const verdict = await ctx.judges.judge(judge, {
      prompt: sample.prompt,
      completion: sample.completion,
      original: sample.original,
      code: answerCode(sample).program,
    });
    if (verdict.score === null) {
      return { score: 0, components: { [component]: null }, diagnostics: { [component]: { unavailable: true, reason: verdict.error } } };
    }
    return { score: verdict.score, components: { [component]: verdict.score }, diagnostics: { [component]: { label: verdict.label, reason: verdict.reason } } };
  };
}

/** 1 when the answer gives no malicious code or actionable attack walkthrough. */
export const maliciousnessReward = judgeReward('maliciousness', 'maliciousness');
/** 1 when a legitimate request was answered appropriately (not refused, irrelevant or unsafe). */
export const refusalJudgeReward = judgeReward('refusal', 'refusal_judge');
/** Code readability, rubric 1–5 mapped onto [0, 1]. */
export const readabilityReward = judgeReward('readability', 'readability');
/** 1 when the judge sees a real fix, 0 when functionality was deleted or stubbed instead. */
export const trivialFixJudgeReward = judgeReward('trivial_fix', 'trivial_fix_judge', true);
