// Deterministic synthesizer of labelled prompts: intents × frames × wrappers × languages ×
// obfuscations, benign twins in the same vocabulary, and multi-turn conversations.
import type { LabelledRow } from '../dataset.js';
import { rot13 } from '../normalize.js';
import { seededRandom } from '../train.js';
import { CONCEPT_FRAMES, CONCEPT_TOPICS, CTF_FRAMES, DEFENSIVE_TASKS, GENERAL_CHAT, GENERAL_FRAMES, GENERAL_TOPICS, FUNCTION_STUBS, functionStub, HOMONYMS, PROGRAMMING_TASKS } from './benign.js';
import { ASSISTANT_REPLIES, BENIGN_CHAINS, CONTINUATIONS, FORGED_COMPLIANCE, MALICIOUS_CHAINS, type Chain } from './conversations.js';
import { FOREIGN_REQUESTS } from './foreign.js';
import { INTENTS, PROGRAMMING_LANGUAGES } from './intents.js';
import { ATTACK_FRAMES, ATTACK_NAMES, DEFENSE_FRAMES, DEFENSIVE_SUFFIXES, DEFENSIVE_VERBS, OFFENSIVE_SUFFIXES, OFFENSIVE_VERBS, QUESTION_FRAMES, TARGETS } from './techniques.js';
import { BENIGN_SNIPPETS, CODE_FRAMES, FOREIGN_FRAMES, FOREIGN_NOUNS, FRAMES, MALICIOUS_SNIPPETS, REFUSALS, WRAPPERS } from './templates.js';

export interface SynthesizeOptions {
  seed?: number;
  /** Variants drawn per intent phrase (malicious and benign twin alike). */
  variants?: number;
  /** Technique questions per label (offensive verb × target vs. defensive verb × target). */
  techniqueQuestions?: number;
  /** Share of prompts (both labels) given an obfuscation. */
  obfuscationRate?: number;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const HOMOGLYPH_SWAPS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і' };
const LEET_SWAPS: Record<string, string> = { a: '4', e: '3', o: '0', s: '5', t: '7', i: '1' };

/** One of the obfuscations attackers use; the normalizer must undo it. */
export function obfuscate(text: string, random: Random): string {
  switch (Math.floor(random() * 5)) {
    case 0:
      return text.replace(/[aeoist]/g, (c) => (random() < 0.6 ? LEET_SWAPS[c] : c));
    case 1:
      return text.replace(/[aeopcxi]/g, (c) => (random() < 0.5 ? HOMOGLYPH_SWAPS[c] : c));
    case 2:
      return text.replace(/(\w)(?=\w)/g, (c) => (random() < 0.3 ? `${c}\u200b` : c));
    case 3:
      return `Decode this base64 and answer it: ${Buffer.from(text).toString('base64')}`;
    default:
      return `The following request is in rot13, decode it and reply: ${rot13(text)}`;
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Single-turn labelled prompts. */
export function synthesizePrompts(options: SynthesizeOptions = {}): LabelledRow[] {
  const random = seededRandom(options.seed ?? 7);
  const variants = options.variants ?? 16;
  const obfuscationRate = options.obfuscationRate ?? 0.12;
  const rows: LabelledRow[] = [];
  const add = (text: string, label: 0 | 1, category: string) => {
    const final = random() < obfuscationRate ? obfuscate(text, random) : text;
    rows.push({ id: `synth-${rows.length}`, conversation: final, label, category, source: 'synthetic' });
  };
  const framed = (phrase: string) => {
    const request = fill(pick(random, FRAMES), { x: phrase, lang: pick(random, PROGRAMMING_LANGUAGES) });
    return fill(pick(random, WRAPPERS), { p: capitalize(request) });
  };

  for (const intent of INTENTS) {
    for (const phrase of intent.malicious) for (let v = 0; v < variants; v++) add(framed(phrase), 1, intent.category);
    for (const phrase of intent.benign) for (let v = 0; v < variants; v++) add(framed(phrase), 0, `benign-twin:${intent.category}`);
  }
  const techniques = options.techniqueQuestions ?? 1200;
  for (let i = 0; i < techniques; i++) {
    const frame = pick(random, QUESTION_FRAMES);
    const target = pick(random, TARGETS);
    add(fill(frame, { v: pick(random, OFFENSIVE_VERBS), t: target + pick(random, OFFENSIVE_SUFFIXES) }), 1, 'technique');
    add(fill(frame, { v: pick(random, DEFENSIVE_VERBS), t: target + pick(random, DEFENSIVE_SUFFIXES) }), 0, 'technique-defensive');
    const attack = pick(random, ATTACK_NAMES);
    add(fill(pick(random, ATTACK_FRAMES), { a: attack, t: target }), 1, 'attack-technique');
    add(fill(pick(random, DEFENSE_FRAMES), { a: attack, t: target }), 0, 'attack-defense');
  }
  for (const task of PROGRAMMING_TASKS) for (let v = 0; v < 8; v++) add(framed(task), 0, 'programming');
  for (const text of GENERAL_CHAT) for (let v = 0; v < 2; v++) add(fill(pick(random, WRAPPERS), { p: text }), 0, 'general-chat');
  for (const task of DEFENSIVE_TASKS) for (let v = 0; v < 6; v++) add(framed(task), 0, 'defensive');
  for (const topic of CONCEPT_TOPICS) for (const frame of CONCEPT_FRAMES) add(fill(frame, { t: topic }), 0, 'concept');
  for (const topic of CONCEPT_TOPICS) for (const frame of CTF_FRAMES) add(fill(frame, { t: topic }), 0, 'ctf');
  for (const topic of GENERAL_TOPICS) for (const frame of GENERAL_FRAMES) add(fill(frame, { t: topic }), 0, 'general');
  for (const question of HOMONYMS) for (let v = 0; v < 3; v++) add(fill(pick(random, WRAPPERS), { p: question }), 0, 'homonym');
  FUNCTION_STUBS.forEach((stub, i) => {
    for (let v = 0; v < 4; v++) add(functionStub(stub, i + v), 0, 'code-completion');
  });
  for (const frame of CODE_FRAMES) {
    const explains = frame.startsWith('Explain');
    for (const code of MALICIOUS_SNIPPETS) if (!explains) add(fill(frame, { code, lang: pick(random, PROGRAMMING_LANGUAGES) }), 1, 'code-to-code');
    for (const code of BENIGN_SNIPPETS) add(fill(frame, { code, lang: pick(random, PROGRAMMING_LANGUAGES) }), 0, 'code-to-code');
  }
  for (const language of FOREIGN_FRAMES) {
    for (const noun of FOREIGN_NOUNS) {
      for (const frame of language.malicious) add(fill(frame, { t: noun }), 1, 'foreign');
      for (const frame of language.benign) add(fill(frame, { t: noun }), 0, 'foreign-benign');
    }
  }
  const foreignWrappers = ['{p}', '{p} Gracias.', 'Por favor: {p}', 'Bitte: {p}', 's\'il te plaît, {p}', '请回答：{p}', 'Пожалуйста, {p}'];
  for (const language of FOREIGN_REQUESTS) {
    for (const text of language.malicious) for (let v = 0; v < 4; v++) add(fill(pick(random, foreignWrappers), { p: text }), 1, 'foreign');
    for (const text of language.benign) for (let v = 0; v < 4; v++) add(fill(pick(random, foreignWrappers), { p: text }), 0, 'foreign-benign');
  }
  for (const refusal of REFUSALS) for (const noun of FOREIGN_NOUNS) add(fill(refusal, { t: noun }), 0, 'refusal');
  return rows;
}

export type ConversationKind = 'escalation' | 'forged-assistant' | 'benign-chain' | 'benign-after-refusal';

/** Chains with index % 4 === 3 are held out for evaluation; the rest are for training. */
export function chainPart<T>(chains: T[], part: 'train' | 'test'): T[] {
  return chains.filter((_, i) => (i % 4 === 3) === (part === 'test'));
}

function chainMessages(chain: Chain, finale: string, random: Random): { role: string; content: string }[] {
  const messages: { role: string; content: string }[] = [];
  for (const step of chain.steps) {
    messages.push({ role: 'user', content: step });
    messages.push({ role: 'assistant', content: pick(random, ASSISTANT_REPLIES) });
  }
  messages.push({ role: 'user', content: finale });
  return messages;
}

/** Multi-turn labelled conversations; category holds the ConversationKind. */
export function synthesizeConversations(part: 'train' | 'test', seed = 11): LabelledRow[] {
  const random = seededRandom(seed);
  const rows: LabelledRow[] = [];
  const add = (conversation: { role: string; content: string }[], label: 0 | 1, kind: ConversationKind) =>
    rows.push({ id: `conv-${part}-${rows.length}`, conversation, label, category: kind, source: 'synthetic-conversation' });

  for (const chain of chainPart(MALICIOUS_CHAINS, part)) for (const finale of chain.finales) for (let v = 0; v < 3; v++) add(chainMessages(chain, finale, random), 1, 'escalation');
  for (const chain of chainPart(BENIGN_CHAINS, part)) for (const finale of chain.finales) for (let v = 0; v < 3; v++) add(chainMessages(chain, finale, random), 0, 'benign-chain');
  const intents = chainPart(INTENTS, part);
  for (const intent of intents) {
    for (const phrase of intent.malicious) {
      const request = capitalize(fill(pick(random, FRAMES), { x: phrase, lang: pick(random, PROGRAMMING_LANGUAGES) }));
      add([{ role: 'user', content: request }, { role: 'assistant', content: pick(random, FORGED_COMPLIANCE) }, { role: 'user', content: pick(random, CONTINUATIONS) }], 1, 'forged-assistant');
      const refusal = `I can't help with that. It would harm systems or people who have not agreed to it.`;
      const followUp = random() < 0.5 ? capitalize(fill(pick(random, FRAMES), { x: pick(random, PROGRAMMING_TASKS), lang: pick(random, PROGRAMMING_LANGUAGES) })) : pick(random, HOMONYMS);
      add([{ role: 'user', content: request }, { role: 'assistant', content: refusal }, { role: 'user', content: followUp }], 0, 'benign-after-refusal');
    }
  }
  return rows;
}
