// The reward configuration: one zod schema whose defaults ARE the documentation of every knob,
// loaded from YAML. `defaultRewardConfig()` is the secure-by-default setup used by the server.
import { readFileSync } from 'node:fs';
import { parseYaml } from '../shared/yaml.js';
import { z } from 'zod';
import { CodewardError, errorMessage } from '../shared/errors.js';

const weight = z.number().min(-100).max(100);

/** SecureCodeRL's partial-credit ladder. */
const functionalSchema = z.object({
  /** Syntax error (or no code at all). */
  syntaxError: z.number().default(0),
  /** Parses / compiles but does not run cleanly. */
  validSyntax: z.number().default(0.2),
  /** Runs without error but prints nothing and passes no test. */
  executes: z.number().default(0.4),
  /** Runs and produces output, but passes no test. */
  producesOutput: z.number().default(0.6),
  /** k of T tests passed scores producesOutput + testsWeight·k/T. */
  testsWeight: z.number().default(0.4),
  /** Per-program wall-clock limit handed to the sandbox. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Retries when the sandbox queue is full, with exponential backoff from 50 ms. */
  queueRetries: z.number().int().min(0).max(10).default(4),
  /** Test reports kept by content hash (identical completions in a GRPO group run once); 0 disables. */
  cacheSize: z.number().int().min(0).default(2048),
});

const securitySchema = z.object({
  /** Penalty per finding by severity; the reward is 1 − min(1, Σ penalties). */
  severityWeights: z
    .object({
      critical: z.number().min(0).default(1),
      high: z.number().min(0).default(1),
      medium: z.number().min(0).default(0.5),
      low: z.number().min(0).default(0.1),
      info: z.number().min(0).default(0),
    })
    .prefault({}),
  /** Reward for an answer with no code at all (PurpCode uses 0.8: safe, but not a working answer). */
  noCodeScore: z.number().min(0).max(1).default(0.8),
});

const lengthSchema = z.object({
  /**
   * none: no length term. linear: −min(maxPenalty, (tokens − budget)·penaltyPerToken).
   * cosine: Yeo et al. 2025, conditioned on correctness. dapo: soft overlong punishment (Yu et al. 2025).
   * kimi: Kimi k1.5 group-relative length reward (needs the sample's GRPO group in the same batch).
   */
  method: z.enum(['none', 'linear', 'cosine', 'dapo', 'kimi']).default('dapo'),
  /** Token counting: tiktoken encodings are exact for OpenAI-family tokenizers; approx is ⌈chars/4⌉. */
  tokenizer: z.enum(['approx', 'cl100k_base', 'o200k_base', 'p50k_base']).default('approx'),
  linear: z
    .object({
      budget: z.number().int().positive().default(1024),
      penaltyPerToken: z.number().min(0).default(0.001),
      maxPenalty: z.number().min(0).default(1),
    })
    .prefault({}),
  cosine: z
    .object({
      /** Generation budget T. */
      maxTokens: z.number().int().positive().default(4096),
      /** Reward at length 0 / at T for a correct answer. */
      r0c: z.number().default(2),
      rTc: z.number().default(1),
      /** Reward at length 0 / at T for a wrong answer (short wrong answers are punished hardest). */
      r0w: z.number().default(-10),
      rTw: z.number().default(0),
      /** Reward beyond T. */
      exceedPenalty: z.number().default(-10),
      /** The functional score at or above which an answer counts as correct. */
      correctAt: z.number().default(1),
    })
    .prefault({}),
  dapo: z
    .object({
      /** L_max: the hard limit; beyond it the penalty is −1. */
      maxTokens: z.number().int().positive().default(4096),
      /** L_cache: the soft zone before L_max where the penalty grows linearly to −1. */
      cacheTokens: z.number().int().positive().default(1024),
    })
    .prefault({}),
  kimi: z
    .object({
      /** The functional score at or above which an answer counts as correct. */
      correctAt: z.number().default(1),
    })
    .prefault({}),
});

const formatSchema = z.object({
  /** With requireExplanation, prose outside code blocks needs at least this many characters. */
  minExplanationChars: z.number().int().min(0).default(40),
  /** Degenerate repetition: distinct word n-grams / all n-grams below this ratio (long answers only). */
  repetitionNgram: z.number().int().min(2).default(4),
  minDistinctNgramRatio: z.number().min(0).max(1).default(0.3),
  /** Degenerate repetition: deflate-compressed size / raw size below this ratio. */
  minCompressionRatio: z.number().min(0).max(1).default(0.08),
  /** Answers shorter than this many characters are never called repetitive. */
  repetitionMinChars: z.number().int().min(0).default(400),
  /** Violations that cap the total reward at gateScore whatever the other components say. */
  gate: z.array(z.enum(['empty', 'repetition', 'no_code', 'only_code'])).default(['empty', 'repetition']),
  gateScore: z.number().default(0),
});

const judgeFallback = z.union([z.number(), z.literal('skip')]);

const judgesSchema = z.object({
  /** OpenAI-compatible endpoint of the judge model; without it every judge is unavailable. */
  baseUrl: z.string().optional(),
  apiKey: z.string().optional(),
  model: z.string().default('judge'),
  timeoutMs: z.number().int().positive().default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Judge calls in flight at once (all samples together). */
  concurrency: z.number().int().positive().default(8),
  /** Cached verdicts (by content hash of judge + input). */
  cacheSize: z.number().int().min(0).default(4096),
  /** Path to a YAML rubric file overriding the bundled rubrics. */
  rubrics: z.string().optional(),
  /**
   * What a judge component becomes when the judge is unavailable: a number, or 'skip' (drop it and
   * renormalize the other weights). The diagnostics always say the judge was unavailable.
   */
  fallback: z
    .object({
      maliciousness: judgeFallback.default('skip'),
      refusal_judge: judgeFallback.default('skip'),
      readability: judgeFallback.default('skip'),
      trivial_fix_judge: judgeFallback.default('skip'),
    })
    .prefault({}),
});

/** Every component an oracle can weigh (one reward function each; see compose.ts). */
export const COMPONENT_NAMES = [
  'functional', 'security', 'format', 'length', 'refusal', 'trivial_fix', 'maliciousness', 'refusal_judge', 'readability', 'trivial_fix_judge',
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

const componentWeights = z.partialRecord(z.enum(COMPONENT_NAMES), weight);

/**
 * Weights per oracle. Components: functional, security, format, length, refusal (deterministic
 * refusal detector), trivial_fix (deterministic), and the judges maliciousness, refusal_judge,
 * readability, trivial_fix_judge. Secure by default: correctness also carries security.
 */
const oraclesSchema = z.object({
  correctness: componentWeights.default({ functional: 0.6, security: 0.3, format: 0.1, length: 0.1 }),
  codesec: componentWeights.default({ security: 0.6, functional: 0.3, format: 0.1, length: 0.1 }),
  safety: componentWeights.default({ maliciousness: 0.7, security: 0.3, length: 0.1 }),
  noreject: componentWeights.default({ refusal: 0.4, refusal_judge: 0.4, security: 0.2, length: 0.1 }),
  refine: componentWeights.default({ security: 0.4, trivial_fix: 0.3, trivial_fix_judge: 0.1, functional: 0.2, length: 0.1 }),
});

export const rewardConfigSchema = z.object({
  functional: functionalSchema.prefault({}),
  security: securitySchema.prefault({}),
  length: lengthSchema.prefault({}),
  format: formatSchema.prefault({}),
  judges: judgesSchema.prefault({}),
  oracles: oraclesSchema.prefault({}),
  /** Completions longer than this many characters are refused per sample (never scored). */
  maxCompletionChars: z.number().int().positive().default(1_000_000),
});

export type RewardConfig = z.infer<typeof rewardConfigSchema>;
export type RewardConfigInput = z.input<typeof rewardConfigSchema>;

export function parseRewardConfig(value: unknown): RewardConfig {
  const parsed = rewardConfigSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodewardError('invalid_input', `Invalid reward config at "${issue?.path.join('.') || '(root)'}": ${issue?.message}.`, 'See src/reward/config.ts for every field and its default.');
  }
  return parsed.data;
}

export function defaultRewardConfig(overrides: RewardConfigInput = {}): RewardConfig {
  return parseRewardConfig(overrides);
}

export function loadRewardConfig(path: string): RewardConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read reward config ${path}: ${errorMessage(err)}.`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new CodewardError('invalid_input', `Reward config ${path} is not valid YAML: ${errorMessage(err)}.`);
  }
  return parseRewardConfig(value);
}
