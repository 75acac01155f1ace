// Labelled request data: JSONL rows ({prompt}|{messages}, label), the fixed hash split into
// train/dev/test, and the public sets under ../shared/data. Reads files only; never writes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodewardError, errorMessage } from '../../shared/errors.js';
import { packageRoot } from '../../shared/paths.js';
import type { Conversation } from './classify.js';

export interface LabelledRow {
  id: string;
  conversation: Conversation;
  /** 1 malicious, 0 benign, null when the row's label is not a cyber label (e.g. unsafe-general). */
  label: 0 | 1 | null;
  category: string;
  source: string;
}

export type Split = 'train' | 'dev' | 'test';

/** Fixed split by a hash of the row id: 50% train, 25% dev (threshold), 25% test (report). */
export function splitOf(id: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  const bucket = (h >>> 0) % 100;
  return bucket < 50 ? 'train' : bucket < 75 ? 'dev' : 'test';
}

export function labelValue(label: unknown): 0 | 1 | null {
  if (label === 'malicious' || label === 1 || label === true) return 1;
  if (label === 'benign' || label === 0 || label === false) return 0;
  return null;
}

/** The conversation of a row: `messages`, else `prompt`, else `text`; undefined if none. */
export function rowConversation(row: Record<string, unknown>): Conversation | undefined {
  if (Array.isArray(row.messages)) return row.messages as Conversation;
  if (typeof row.prompt === 'string') return row.prompt;
  if (typeof row.text === 'string') return row.text;
  return undefined;
}

/** Parses JSONL; a bad line is an invalid_input error naming the file and line. */
export function readJsonl(path: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read ${path} (${errorMessage(err)}).`, 'Check the path.');
  }
  const rows: Record<string, unknown>[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new CodewardError('invalid_input', `${path}:${i + 1} is not valid JSON (${errorMessage(err)}).`, 'Write one JSON object per line.');
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new CodewardError('invalid_input', `${path}:${i + 1} must be a JSON object.`, 'Write one JSON object per line.');
    }
    rows.push(row as Record<string, unknown>);
  });
  return rows;
}

/** Labelled rows of a JSONL file; rows without text are errors, rows with other labels keep label null. */
export function readLabelledRows(path: string, source = path): LabelledRow[] {
  return readJsonl(path).map((row, i) => {
    const conversation = rowConversation(row);
    if (conversation === undefined) {
      throw new CodewardError('invalid_input', `${path}: row ${i + 1} has neither "prompt" nor "messages".`, 'Give each row a prompt string or OpenAI messages.');
    }
    const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : `${source}#${i}`;
    return { id, conversation, label: labelValue(row.label), category: typeof row.category === 'string' ? row.category : 'uncategorized', source };
  });
}

export function sharedDataDir(): string {
  return join(packageRoot(), '..', 'shared', 'data');
}

export function hasSharedData(): boolean {
  return existsSync(join(sharedDataDir(), 'requests-mitre-dev.jsonl'));
}

export interface PublicSets {
  mitre: LabelledRow[];
  cysecbench: LabelledRow[];
  frr: LabelledRow[];
  xstestSafe: LabelledRow[];
  xstestUnsafe: LabelledRow[];
  humaneval: LabelledRow[];
  /** Benign programming/vulnerability-fixing requests built from the code corpora. */
  codeRequests: LabelledRow[];
}

/** The public request sets; throws not_configured when ../shared/data is absent. */
export function loadPublicSets(dir = sharedDataDir()): PublicSets {
  if (!existsSync(join(dir, 'requests-mitre-dev.jsonl'))) {
    throw new CodewardError('not_configured', `No public data under ${dir}.`, 'Place the shared data at ../shared/data relative to the package root.');
  }
  const read = (file: string, source: string) => readLabelledRows(join(dir, file), source);
  const xstest = read('requests-xstest.jsonl', 'xstest');
  const humaneval = readJsonl(join(dir, 'utility-humaneval.jsonl')).map((row) => ({
    id: String(row.task_id), conversation: String(row.prompt), label: 0 as const, category: 'humaneval', source: 'humaneval',
  }));
  return {
    mitre: read('requests-mitre-dev.jsonl', 'mitre'),
    cysecbench: read('requests-cysecbench.jsonl', 'cysecbench'),
    frr: read('requests-frr-dev.jsonl', 'frr'),
    xstestSafe: xstest.filter((r) => r.label === 0),
    xstestUnsafe: xstest.filter((r) => r.label === null),
    humaneval,
    codeRequests: codeRequests(dir),
  };
}

/** Ordinary coding and vulnerability-fixing requests made from CyberSecEval instruct and SafeCoder. */
function codeRequests(dir: string): LabelledRow[] {
  const rows: LabelledRow[] = [];
  for (const row of readJsonl(join(dir, 'code-cyberseceval-instruct.jsonl'))) {
    if (typeof row.prompt === 'string') rows.push({ id: String(row.id), conversation: row.prompt, label: 0, category: 'coding-instruction', source: 'cse-instruct' });
  }
  const asks = ['Fix the security bug in this function:', 'Review this code for vulnerabilities and patch it:', 'Why is this code vulnerable and how do I fix it?', 'Explain what this function does:'];
  readJsonl(join(dir, 'code-safecoder-pairs.jsonl')).forEach((row, i) => {
    if (typeof row.vulnerable !== 'string') return;
    rows.push({ id: String(row.id), conversation: `${asks[i % asks.length]}\n\n${row.vulnerable.slice(0, 3000)}`, label: 0, category: 'vulnerability-fixing', source: 'safecoder' });
  });
  return rows;
}

export function bySplit(rows: LabelledRow[], split: Split): LabelledRow[] {
  return rows.filter((r) => splitOf(r.id) === split);
}
