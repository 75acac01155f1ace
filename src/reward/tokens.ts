// Token counting for the length rewards: a real BPE tokenizer (js-tiktoken) when configured, else
// the documented approximation ⌈chars / 4⌉ (OpenAI's rule of thumb for English text and code).
import { getEncoding, type Tiktoken, type TiktokenEncoding } from 'js-tiktoken';

export interface TokenCounter {
  readonly name: string;
  count(text: string): number;
}

/** Texts longer than this are approximated even with a tokenizer: BPE on megabytes stalls the event loop. */
const MAX_EXACT_CHARS = 200_000;

export const approximateTokenCounter: TokenCounter = {
  name: 'approx(chars/4)',
  count: (text) => Math.ceil(text.length / 4),
};

const encodings = new Map<string, Tiktoken>();

export function tokenCounter(kind: 'approx' | TiktokenEncoding): TokenCounter {
  if (kind === 'approx') return approximateTokenCounter;
  let encoding = encodings.get(kind);
  if (!encoding) {
    encoding = getEncoding(kind);
    encodings.set(kind, encoding);
  }
  const enc = encoding;
  return {
    name: kind,
    count: (text) => (text.length > MAX_EXACT_CHARS ? approximateTokenCounter.count(text) : enc.encode(text, [], []).length),
  };
}
