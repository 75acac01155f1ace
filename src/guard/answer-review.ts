// Reviews a model's answer: every code block is scanned and, when vulnerable, refined or fixed in
// place; a one-line note under each changed block says what changed and why. Prose is untouched.
import { extractCode, type CodeBlock } from '../analysis/extract.js';
import type { AnswerReview, BlockReview } from './exchange.js';
import { reviewCode, type RefineOptions } from './refiner.js';

function firstSentence(message: string): string {
  const sentence = message.split(/(?<=\.)\s/)[0].trim();
  return sentence.length > 140 ? `${sentence.slice(0, 137)}...` : sentence.replace(/\.$/, '');
}

/** The short note shown under a reviewed block, or '' when the block needs none. */
export function annotation(review: BlockReview): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const change of review.changes) {
    const finding = review.findings.find((f) => f.ruleId === change.ruleId);
    const key = change.ruleId;
    if (seen.has(key)) continue;
    seen.add(key);
    const cwe = change.cwe.length ? ` [${change.cwe.join(', ')}]` : '';
    parts.push(`${finding ? firstSentence(finding.message) : change.ruleId}${cwe}, line ${change.line}`);
  }
  const notes: string[] = [];
  if (parts.length) notes.push(`> codeward fixed this code: ${parts.join('; ')}.`);
  if (review.remaining.length) {
    const left = [...new Set(review.remaining.map((f) => `${firstSentence(f.message)} (line ${f.range.start.line})`))];
    notes.push(`> codeward warning: not fixed automatically: ${left.join('; ')}.`);
  }
  return notes.join('\n');
}

/** Indents every line of `code` like the fence that held it. */
function indentLike(code: string, text: string, block: CodeBlock): string {
  const lineStart = text.lastIndexOf('\n', Math.max(0, block.startIndex - 2)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, block.startIndex))?.[0] ?? '';
  return indent ? code.split('\n').map((l) => (l ? indent + l : l)).join('\n') : code;
}

/** Index just past the closing fence line of a fenced block (or the text's end when unterminated). */
function afterClosingFence(text: string, block: CodeBlock): number {
  if (block.endIndex >= text.length) return text.length;
  const fenceLineStart = text.indexOf('\n', block.endIndex) + 1;
  if (fenceLineStart === 0) return text.length;
  const fenceLineEnd = text.indexOf('\n', fenceLineStart);
  return fenceLineEnd === -1 ? text.length : fenceLineEnd;
}

export async function reviewAnswer(text: string, options: RefineOptions & { annotate?: boolean }): Promise<AnswerReview> {
  const blocks = extractCode(text).filter((b) => b.language !== undefined);
  const reviews: BlockReview[] = [];
  let out = text;
  // Right to left, so earlier blocks' indices stay valid while later ones are rewritten.
  for (const block of [...blocks].reverse()) {
    const review = await reviewCode(block.code, block.language!, options);
    reviews.unshift(review);
    const note = options.annotate === false || !block.fenced ? '' : annotation(review);
    if (note) {
      const at = afterClosingFence(out, block);
      out = `${out.slice(0, at)}\n\n${note}${out.slice(at)}`;
    }
    if (review.code !== block.code) out = out.slice(0, block.startIndex) + indentLike(review.code, out, block) + out.slice(block.endIndex);
  }
  const action = reviews.some((r) => r.outcome === 'refined') ? 'refined' : reviews.some((r) => r.outcome === 'fixed') ? 'fixed' : 'passed';
  return { text: out, blocks: reviews, action };
}
