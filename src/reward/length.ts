// Length rewards: linear penalty past a budget, Yeo et al.'s cosine reward conditioned on correctness,
// DAPO's soft overlong punishment and Kimi k1.5's group-relative reward (applied per group, in batch).
import type { RewardConfig } from './config.js';
import type { RewardFunction } from './types.js';

type LengthConfig = RewardConfig['length'];

export function linearLengthPenalty(tokens: number, cfg: LengthConfig['linear']): number {
  if (tokens <= cfg.budget) return 0;
  return -Math.min(cfg.maxPenalty, (tokens - cfg.budget) * cfg.penaltyPerToken);
}

/** Yeo et al. 2025, "Demystifying Long Chain-of-Thought Reasoning": CosFn(t, T, r_T, r_0). */
export function cosineLengthReward(tokens: number, correct: boolean, cfg: LengthConfig['cosine']): number {
  if (tokens > cfg.maxTokens) return cfg.exceedPenalty;
  const [atZero, atMax] = correct ? [cfg.r0c, cfg.rTc] : [cfg.r0w, cfg.rTw];
  return atMax + 0.5 * (atZero - atMax) * (1 + Math.cos((tokens * Math.PI) / cfg.maxTokens));
}

/** DAPO (Yu et al. 2025): 0 up to L_max − L_cache, then linearly down to −1 at L_max, −1 beyond. */
export function dapoOverlongPenalty(tokens: number, cfg: LengthConfig['dapo']): number {
  const softStart = cfg.maxTokens - cfg.cacheTokens;
  if (tokens <= softStart) return 0;
  if (tokens <= cfg.maxTokens) return (softStart - tokens) / cfg.cacheTokens;
  return -1;
}

/**
 * Kimi k1.5: λ = 0.5 − (len − min)/(max − min) over the group; correct answers get λ, wrong ones
 * min(0, λ). A group whose answers are all one length gets 0.
 */
export function kimiLengthRewards(lengths: number[], correct: boolean[]): number[] {
  const min = Math.min(...lengths);
  const max = Math.max(...lengths);
  return lengths.map((len, i) => {
    if (max === min) return 0;
    const lambda = 0.5 - (len - min) / (max - min);
    return correct[i] ? lambda : Math.min(0, lambda);
  });
}

/** The per-sample length term; `kimi` is null here and filled in by scoreBatch with the group. */
export const lengthReward: RewardFunction = async (sample, ctx) => {
  const cfg = ctx.config.length;
  const tokens = ctx.tokens.count(sample.completion);
  const diagnostics = { length: { tokens, tokenizer: ctx.tokens.name, method: cfg.method } };
  switch (cfg.method) {
    case 'none':
      return { score: 0, components: { length: 0 }, diagnostics };
    case 'linear': {
      const score = linearLengthPenalty(tokens, cfg.linear);
      return { score, components: { length: score }, diagnostics };
    }
    case 'dapo': {
      const score = dapoOverlongPenalty(tokens, cfg.dapo);
      return { score, components: { length: score }, diagnostics };
    }
    case 'cosine':
    case 'kimi':
      // Both need correctness (the functional score), which compose supplies after the fact.
      return { score: 0, components: { length: null }, diagnostics: { length: { ...diagnostics.length, pending: cfg.method } } };
  }
};
