// Public API of the rewards: the reward functions (one signature), composition per oracle, the
// scorer used by the server and CLI, the config, and the GRPO utilities.
export * from './types.js';
export { defaultRewardConfig, loadRewardConfig, parseRewardConfig, rewardConfigSchema, type RewardConfig, type RewardConfigInput } from './config.js';
export { functionalReward, partialCredit } from './functional.js';
export { securityReward } from './security.js';
export { formatReward, formatViolations, repetitionStats, type FormatViolation } from './format.js';
export { lengthReward, linearLengthPenalty, cosineLengthReward, dapoOverlongPenalty, kimiLengthRewards } from './length.js';
export { refusalReward, looksLikeRefusal } from './refusal.js';
export { trivialFixReward } from './trivial-fix.js';
export { maliciousnessReward, refusalJudgeReward, readabilityReward, trivialFixJudgeReward } from './judges/judge-rewards.js';
export { LlmJudgeRunner } from './judges/llm-judges.js';
export { REWARD_FUNCTIONS, measureSample, finalizeSample, applyKimiLength, type ScoredSample, type MeasuredSample } from './compose.js';
export { RewardScorer, CachedTestRunner, type RewardScorerOptions } from './scorer.js';
export { parseSample, parseLabel, stripPrompt, type ParsedSample, type RewardLabel } from './sample.js';
export { tokenCounter, approximateTokenCounter, type TokenCounter } from './tokens.js';
export * from './grpo.js';
