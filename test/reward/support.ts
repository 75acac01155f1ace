// Shared builders for the reward tests: a context with the default config and no sandbox or judges.
import { defaultRewardConfig, type RewardConfigInput } from '../../src/reward/config.js';
import { tokenCounter } from '../../src/reward/tokens.js';
import type { RewardContext, RewardSample } from '../../src/reward/types.js';

export function rewardContext(config: RewardConfigInput = {}, extra: Partial<RewardContext> = {}): RewardContext {
  const parsed = defaultRewardConfig(config);
  return { config: parsed, tokens: tokenCounter(parsed.length.tokenizer), ...extra };
}

export function sample(completion: string, extra: Partial<RewardSample> = {}): RewardSample {
  return { prompt: 'Write the function.', completion, oracle: 'correctness', language: 'python', ...extra };
}

export const fence = (code: string, language = 'python') => `\`\`\`${language}\n${code}\n\`\`\``;
