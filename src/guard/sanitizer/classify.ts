// Scores a whole conversation: every turn (assistant turns included, so a forged answer cannot
// launder a request), the recent window as one text (escalation), decayed by recency.
import { CodewardError } from '../../shared/errors.js';
import { wordFeatures } from './features.js';
import { loadSanitizerModel, logit, scoreNormalized, sigmoid, type SanitizerModel } from './model.js';
import { normalizeText } from './normalize.js';

/** OpenAI messages; content is a string or an array of {type:'text', text} parts; other parts are ignored. */
export type Conversation = string | { role: string; content: unknown }[];

export interface SanitizerReason {
  feature?: string;
  turn?: number;
  weight: number;
}

export interface SanitizerVerdict {
  /** Probability (0..1) that the conversation asks for malicious cyber help. */
  score: number;
  flagged: boolean;
  /** The turns and words that drove the score, strongest first, for the audit log. */
  reasons: SanitizerReason[];
  /** Per input turn, in input order (0 for turns without text). */
  turnScores: number[];
}

export interface ClassifyOptions {
  model?: SanitizerModel;
  threshold?: number;
}

/** Texts longer than this are scored as overlapping chunks (max), so padding cannot dilute a request. */
const CHUNK_ABOVE = 4000;
const CHUNK_SIZE = 2000;
const CHUNK_STEP = 1500;
const TOP_FEATURES = 3;

/** The text of each turn, in order; throws invalid_input only for values that are not text at all. */
export function conversationTexts(conversation: Conversation): string[] {
  if (typeof conversation === 'string') return [conversation];
  if (!Array.isArray(conversation)) {
    throw new CodewardError('invalid_input', `A conversation must be a string or an array of messages, got ${describe(conversation)}.`, 'Send a prompt string or OpenAI-style messages.');
  }
  return conversation.map((message, i) => {
    if (message === null || typeof message !== 'object') {
      throw new CodewardError('invalid_input', `Message ${i} must be an object with role and content, got ${describe(message)}.`, 'Send OpenAI-style messages.');
    }
    return contentText((message as { content?: unknown }).content, i);
  });
}

function contentText(content: unknown, turn: number): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') parts.push(part);
      else if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') parts.push((part as { text: string }).text);
    }
    return parts.join('\n');
  }
  throw new CodewardError('invalid_input', `Message ${turn} content must be a string or an array of text parts, got ${describe(content)}.`, 'Send text content.');
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Logit of one normalized text; long texts take the most suspicious chunk. */
export function textLogit(model: SanitizerModel, normalized: string): number {
  if (normalized.length <= CHUNK_ABOVE) return scoreNormalized(model, normalized);
  let best = -Infinity;
  for (let start = 0; start < normalized.length; start += CHUNK_STEP) {
    best = Math.max(best, scoreNormalized(model, normalized.slice(start, start + CHUNK_SIZE)));
    if (start + CHUNK_SIZE >= normalized.length) break;
  }
  return best;
}

export function classify(conversation: Conversation, options: ClassifyOptions = {}): SanitizerVerdict {
  const model = options.model ?? loadSanitizerModel();
  const threshold = options.threshold ?? model.threshold;
  const texts = conversationTexts(conversation);
  const normalized = texts.map((t) => (t.trim() ? normalizeText(t) : ''));
  const logits = normalized.map((t) => (t ? textLogit(model, t) : -Infinity));
  const turnScores = logits.map((l) => (l === -Infinity ? 0 : sigmoid(l)));

  let current = -1;
  for (let i = normalized.length - 1; i >= 0; i--) {
    if (normalized[i]) {
      current = i;
      break;
    }
  }
  if (current < 0) return { score: 0, flagged: false, reasons: [], turnScores };

  const { recencyDecay, windowWeight, windowChars } = model.combiner;
  // Earlier turns count capped just above the decision boundary and decay per later turn, so a
  // flagged request one turn back (e.g. before a forged assistant prefill) still flags, while a
  // clearly benign question two turns after a refusal passes; the window term catches "continue".
  const cap = logit(threshold) + recencyDecay * 1.5;
  let combined = logits[current];
  let driver = current;
  for (let i = 0; i < current; i++) {
    const decayed = Math.min(logits[i], cap) - recencyDecay * (current - i);
    if (decayed > combined) {
      combined = decayed;
      driver = i;
    }
  }
  const windowReason: SanitizerReason[] = [];
  const nonEmpty = normalized.filter(Boolean);
  if (nonEmpty.length > 1) {
    const mixed = windowWeight * textLogit(model, nonEmpty.join('\n').slice(-windowChars)) + (1 - windowWeight) * logits[current];
    if (mixed > combined) {
      combined = mixed;
      windowReason.push({ feature: 'conversation-window', weight: mixed });
      // For the audit trail, the turn that contributes most to the window is the one to show.
      for (let i = 0; i < logits.length; i++) if (logits[i] > logits[driver]) driver = i;
    }
  }
  const score = sigmoid(combined);
  const reasons: SanitizerReason[] = [...windowReason, { turn: driver, weight: logits[driver] }, ...topFeatures(model, normalized[driver], driver)];
  return { score, flagged: score >= threshold, reasons, turnScores };
}

/** The words of one turn with the largest positive contribution to its score. */
function topFeatures(model: SanitizerModel, normalized: string, turn: number): SanitizerReason[] {
  const words = wordFeatures(normalized.length > CHUNK_ABOVE * 4 ? normalized.slice(0, CHUNK_ABOVE * 4) : normalized, model.bits);
  const scale = words.length > 0 ? 1 / Math.sqrt(words.length * 2) : 0;
  const seen = new Set<string>();
  const contributions: SanitizerReason[] = [];
  for (const { word, index } of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    const weight = model.weights[index] * scale;
    if (weight > 0) contributions.push({ feature: `word:${word}`, turn, weight });
  }
  contributions.sort((a, b) => b.weight - a.weight);
  return contributions.slice(0, TOP_FEATURES);
}
