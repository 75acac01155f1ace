// The code in a policy's answer, extracted once per sample and shared by every reward function:
// all blocks (for the detector), the target-language program (for the sandbox) and the prose.
import { extractCode, type CodeBlock } from '../analysis/extract.js';
import { normalizeLanguage, type LanguageId } from '../analysis/languages.js';
import type { RewardSample } from './types.js';

export interface AnswerCode {
  blocks: CodeBlock[];
  /** The blocks in the sample's language joined in order: the program the tests run. '' when none. */
  program: string;
  language: LanguageId;
  /** The answer with code blocks and fence lines removed. */
  prose: string;
}

const memo = new WeakMap<RewardSample, AnswerCode>();

function proseOf(text: string, blocks: CodeBlock[]): string {
  let out = '';
  let at = 0;
  for (const block of blocks) {
    out += text.slice(at, block.startIndex);
    at = Math.max(at, block.endIndex);
  }
  out += text.slice(at);
  return out.replace(/^[ \t]*(`{3,}|~{3,}).*$/gm, '').trim();
}

export function answerCode(sample: RewardSample): AnswerCode {
  const cached = memo.get(sample);
  if (cached) return cached;
  const blocks = extractCode(sample.completion);
  const language = normalizeLanguage(sample.language) ?? blocks.find((b) => b.language)?.language ?? 'python';
  // An untagged block whose language could not be guessed still counts as the asked-for language.
  const own = blocks.filter((b) => b.language === language || (b.language === undefined && !b.tag));
  const answer: AnswerCode = {
    blocks,
    program: own.map((b) => b.code).join('\n\n'),
    language,
    prose: proseOf(sample.completion, blocks),
  };
  memo.set(sample, answer);
  return answer;
}
