// The one reward signature: a sample in, `{score, components, diagnostics}` out. Every reward file
// exports a function of type RewardFunction; compose.ts weighs them per oracle.
import type { ScanResult } from '../analysis/types.js';
import type { TestReport } from '../sandbox/results.js';
import type { RewardConfig } from './config.js';
import type { TokenCounter } from './tokens.js';

/** PurpCode-style oracles: what a sample is graded on, chosen by its metadata. */
export const ORACLES = ['correctness', 'codesec', 'safety', 'noreject', 'refine'] as const;
export type Oracle = (typeof ORACLES)[number];

export interface RewardSample {
  /** The prompt the policy saw (used by the judges and to strip an echoed prompt). */
  prompt: string;
  /** The policy's answer only. */
  completion: string;
  oracle: Oracle;
  /** Expected language of the code (python when absent and the tests do not say otherwise). */
  language?: string;
  /** One of the sandbox's test formats (HumanEval, APPS, MBPP, pytest). */
  tests?: unknown;
  /** `refine` only: the vulnerable code the answer was asked to fix. */
  original?: string;
  /** The prompt asked for prose beside the code; an answer that is only code is then a format violation. */
  requireExplanation?: boolean;
  /** GRPO group id: samples of one prompt, for group-relative length rewards and zero-variance stats. */
  groupId?: string;
  id?: string;
}

export interface RewardResult {
  /** The reward of this function (on its own scale; most are in [0, 1]). */
  score: number;
  /** Named sub-scores; null means "could not be measured" (never a silent 0). */
  components: Record<string, number | null>;
  diagnostics: Record<string, unknown>;
}

export interface TestRunner {
  runTests(request: { language: string; code: string; tests: unknown; timeoutMs?: number }): Promise<TestReport>;
}

export interface JudgeVerdict {
  /** Judge score in [0, 1] (1 = good), or null when the judge could not answer. */
  score: number | null;
  label?: string;
  reason?: string;
  error?: string;
}

export type JudgeName = 'maliciousness' | 'refusal' | 'readability' | 'trivial_fix';

export interface JudgeRunner {
  judge(name: JudgeName, input: { prompt: string; completion: string; original?: string; code?: string }): Promise<JudgeVerdict>;
}

export interface RewardContext {
  config: RewardConfig;
  tokens: TokenCounter;
  /** The sandbox; absent means functional rewards are unavailable (null), not zero. */
  sandbox?: TestRunner;
  /** The LLM judges; absent means judge components are unavailable and their fallback applies. */
  judges?: JudgeRunner;
  /** Runs the detector off the event loop (a worker pool with a deadline); absent: scanCode in-thread. */
  scan?: (code: string, language: string) => Promise<ScanResult>;
}

export type RewardFunction = (sample: RewardSample, ctx: RewardContext) => Promise<RewardResult>;
