// Format and reward-hacking guards: empty answers, no code where code was asked, only code where an
// explanation was required, degenerate repetition. 1 when clean, 0 on any violation (listed).
import { deflateRawSync } from 'node:zlib';
import { answerCode } from './answer-code.js';
import type { RewardConfig } from './config.js';
import type { Oracle, RewardFunction } from './types.js';

export type FormatViolation = 'empty' | 'no_code' | 'only_code' | 'repetition';

const REPETITION_WINDOW = 16_000;

/** Oracles whose prompts ask for code: an answer without any is a dodge, not a style choice. */
const CODE_ORACLES: ReadonlySet<Oracle> = new Set(['correctness', 'codesec', 'refine']);

/** Measures degenerate repetition two ways: word n-gram diversity and compressibility. */
export function repetitionStats(text: string, cfg: RewardConfig['format']): { repetitive: boolean; distinctNgramRatio: number; compressionRatio: number } {
  if (text.length < cfg.repetitionMinChars) return { repetitive: false, distinctNgramRatio: 1, compressionRatio: 1 };
  // A long answer is judged on a bounded prefix and suffix: a repetition loop fills the tail, and
  // bounding the window keeps this guard well under a millisecond on the server's event loop.
  const sample = text.length > REPETITION_WINDOW ? `${text.slice(0, REPETITION_WINDOW / 2)} ${text.slice(-REPETITION_WINDOW / 2)}` : text;
  const words = sample.split(/\s+/).filter(Boolean);
  const n = cfg.repetitionNgram;
  let distinctNgramRatio = 1;
  if (words.length >= n * 10) {
    const grams = new Set<string>();
    // Keys built by appending words: a slice and a join per position cost a third of this guard.
    for (let i = 0; i + n <= words.length; i += 1) {
      let gram = words[i];
      for (let k = 1; k < n; k += 1) gram += ` ${words[i + k]}`;
      grams.add(gram);
    }
    distinctNgramRatio = grams.size / (words.length - n + 1);
  }
  const compressionRatio = deflateRawSync(Buffer.from(sample)).length / Buffer.byteLength(sample);
  return {
    repetitive: distinctNgramRatio < cfg.minDistinctNgramRatio || compressionRatio < cfg.minCompressionRatio,
    distinctNgramRatio,
    compressionRatio,
  };
}

export function formatViolations(sample: Parameters<RewardFunction>[0], cfg: RewardConfig['format']): { violations: FormatViolation[]; stats: Record<string, number> } {
  const violations: FormatViolation[] = [];
  if (sample.completion.trim() === '') return { violations: ['empty'], stats: {} };
  const { blocks, prose } = answerCode(sample);
  if (CODE_ORACLES.has(sample.oracle) && blocks.length === 0) violations.push('no_code');
  if (sample.requireExplanation && blocks.length > 0 && prose.replace(/\s+/g, '').length < cfg.minExplanationChars) violations.push('only_code');
  const repetition = repetitionStats(sample.completion, cfg);
  if (repetition.repetitive) violations.push('repetition');
  return { violations, stats: { distinctNgramRatio: repetition.distinctNgramRatio, compressionRatio: repetition.compressionRatio } };
}

export const formatReward: RewardFunction = async (sample, ctx) => {
  const { violations, stats } = formatViolations(sample, ctx.config.format);
  const score = violations.length === 0 ? 1 : 0;
  return { score, components: { format: score }, diagnostics: { format: { violations, ...stats } } };
};
