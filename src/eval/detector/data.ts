// Loads the shared benchmark files (../shared/data next to the repository) for the detector evaluation.
// Returns undefined when a file is absent so callers can skip with a clear message instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../shared/paths.js';

export const SHARED_DATA_DIR = join(packageRoot(), '..', 'shared', 'data');

export interface CyberSecEvalRow {
  id: string;
  language: string;
  cwe: string;
  /** Line in the original file, not in `code`; locate it through `line_text`. */
  line: number;
  line_text: string;
  code: string;
  pattern?: string;
}

export interface HumanEvalRow {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

export interface SafeCoderRow {
  id: string;
  cwe: string;
  file: string;
  vulnerable: string;
  fixed: string;
}

export function dataPath(name: string): string {
  return join(SHARED_DATA_DIR, name);
}

export function readJsonl<T>(name: string): T[] | undefined {
  const path = dataPath(name);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export const loadCyberSecEval = () => readJsonl<CyberSecEvalRow>('code-cyberseceval-instruct.jsonl');
export const loadHumanEval = () => readJsonl<HumanEvalRow>('utility-humaneval.jsonl');
export const loadSafeCoder = () => readJsonl<SafeCoderRow>('code-safecoder-pairs.jsonl');

/** A HumanEval task as one runnable program: prompt, solution, tests and the call that runs them. */
export function humanEvalProgram(row: HumanEvalRow): string {
  return `${row.prompt}${row.canonical_solution}\n\n${row.test}\n\ncheck(${row.entry_point})\n`;
}
