// Builds RL rollouts from HumanEval for the reward benchmarks: canonical solutions and derived
// variants (broken, partially broken, vulnerable, no-code, overlong), each with its OpenRLHF label.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/guard/sanitizer/train.js';
import { packageRoot } from '../src/shared/paths.js';

export interface HumanEvalProblem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

export const VARIANTS = ['canonical', 'broken', 'partial', 'vulnerable', 'no_code', 'overlong'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface Rollout {
  id: string;
  variant: Variant;
  prompt: string;
  /** OpenRLHF query: prompt + response. */
  query: string;
  response: string;
  /** OpenRLHF label: a JSON string. */
  label: string;
  groupId: string;
}

export const HUMANEVAL_FILE = join(packageRoot(), '..', 'shared', 'data', 'utility-humaneval.jsonl');

export function loadHumanEval(): HumanEvalProblem[] | undefined {
  if (!existsSync(HUMANEVAL_FILE)) return undefined;
  return readFileSync(HUMANEVAL_FILE, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as HumanEvalProblem);
}

const fence = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

/** Varied filler prose (no degenerate repetition) of about `words` words. */
function ramble(random: () => number, source: string, words: number): string {
  const vocabulary = [...new Set(source.split(/\W+/).filter((w) => w.length > 2))];
  const extra = ['first', 'consider', 'however', 'carefully', 'therefore', 'edge', 'case', 'input', 'value', 'loop', 'result', 'returns', 'because', 'list', 'each', 'element', 'check', 'again', 'later', 'maybe'];
  const pool = [...vocabulary, ...extra];
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) {
    out.push(pool[Math.floor(random() * pool.length)]);
    if (random() < 0.08) out.push('.\n');
  }
  return out.join(' ');
}

/** Flips one comparison or arithmetic operator: the program runs but (usually) fails its tests. */
function mutate(solution: string): string {
  const swaps: [RegExp, string][] = [[/ < /, ' >= '], [/ > /, ' <= '], [/ == /, ' != '], [/ \+ /, ' - '], [/ - /, ' + '], [/return True/, 'return False'], [/return /, 'return None and ']];
  for (const [pattern, replacement] of swaps) if (pattern.test(solution)) return solution.replace(pattern, replacement);
  return `${solution}\n    raise ValueError("unfinished")`;
}

/** Drops the colon that ends the entry point's `def` line: a syntax error the parser cannot recover from. */
function breakSyntax(program: string, entryPoint: string): string {
  const def = program.indexOf(`def ${entryPoint}(`);
  const colon = program.indexOf(':\n', def);
  return `${program.slice(0, colon)}\n${program.slice(colon + 2)}`;
}

function response(p: HumanEvalProblem, variant: Variant, index: number, random: () => number): string {
  const program = `${p.prompt}${p.canonical_solution}`.trimEnd();
  const tag = `# rollout ${index}`;
  switch (variant) {
    case 'canonical':
      return `Here is an implementation of \`${p.entry_point}\`.\n${fence(`${tag}\n${program}`)}\n`;
    case 'broken':
      return `Here is my attempt.\n${fence(`${tag}\n${breakSyntax(program, p.entry_point)}`)}\n`;
    case 'partial':
      return `This should work for most inputs.\n${fence(`${tag}\n${p.prompt}${mutate(p.canonical_solution)}`.trimEnd())}\n`;
    case 'vulnerable':
      return `Here it is, with a small debugging helper.\n${fence(`${tag}\nimport subprocess\n\n\ndef debug_eval(expression):\n    return eval(expression)\n\n\ndef shell(command):\n    return subprocess.run(command, shell=True)\n\n\n${program}`)}\n`;
    case 'no_code':
      return `To implement ${p.entry_point}, read the docstring carefully, handle the edge cases, and then iterate over the input building the result step by step (${index}).`;
    case 'overlong':
      return `Let me think about ${p.entry_point} in depth.\n${ramble(random, p.prompt, 4200)}\n\nFinally:\n${fence(`${tag}\n${program}`)}\n`;
  }
}

/** `count` distinct rollouts cycling through problems and variants. */
export function buildRollouts(problems: HumanEvalProblem[], count: number): Rollout[] {
  const random = seededRandom(20250101);
  const rollouts: Rollout[] = [];
  for (let i = 0; i < count; i += 1) {
    const p = problems[(i * 7) % problems.length];
    const variant = VARIANTS[i % VARIANTS.length];
    const prompt = `Complete the following Python function.\n\n${p.prompt}\n`;
    const answer = response(p, variant, i, random);
    rollouts.push({
      id: `${p.task_id}/${variant}/${i}`,
      variant,
      prompt,
      query: prompt + answer,
      response: answer,
      label: JSON.stringify({ oracle: 'correctness', language: 'python', tests: { test: p.test, entry_point: p.entry_point } }),
      groupId: p.task_id,
    });
  }
  return rollouts;
}
