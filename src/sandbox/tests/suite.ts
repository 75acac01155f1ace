// Turns any accepted test format into one internal model: stdin/stdout cases (any language) and
// in-process Python harness cases (HumanEval, MBPP, function calls, pytest), each with its index.
import type { HarnessCase } from '../forkserver/protocol.js';
import { expectedText, stdinText } from './compare.js';
import type { CompareMode, TestSpec } from './spec.js';

export interface StdioCase {
  index: number;
  stdin: string;
  expected: string;
}

export interface Suite {
  /** The program actually run: HumanEval/MBPP prepend the prompt or imports. */
  program: string;
  stdio: StdioCase[];
  harness: { setup?: string; cases: { index: number; case: HarnessCase }[] } | null;
  /** pytest source; its cases are discovered while running. */
  pytest?: string;
  compare: CompareMode;
  total: number;
}

function importLines(source: string): string {
  return source
    .split('\n')
    .filter((line) => /^(import|from)\s+\S/.test(line))
    .join('\n');
}

/** prompt + completion, unless the completion already restates the prompt's function. */
export function humanEvalProgram(prompt: string, completion: string, entryPoint: string): string {
  const defines = new RegExp(`^\\s*def\\s+${entryPoint.replace(/[^\w]/g, '')}\\s*\\(`, 'm');
  if (prompt && defines.test(completion) && defines.test(prompt)) return `${importLines(prompt)}\n${completion}`;
  return prompt + completion;
}

function parseLiteral(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function callArgs(input: unknown): unknown[] {
  return Array.isArray(input) ? input : [input];
}

export function buildSuite(spec: TestSpec, code: string): Suite {
  switch (spec.format) {
    case 'humaneval':
      return {
        program: humanEvalProgram(spec.prompt ?? '', code, spec.entry_point),
        stdio: [],
        harness: { setup: spec.test, cases: [{ index: 0, case: { kind: 'code', code: `check(${spec.entry_point})` } }] },
        compare: 'auto',
        total: 1,
      };
    case 'mbpp':
      return {
        program: [...(spec.test_imports ?? []), code].join('\n'),
        stdio: [],
        harness: { setup: spec.test_setup_code || undefined, cases: spec.test_list.map((test, index) => ({ index, case: { kind: 'code', code: test } })) },
        compare: 'auto',
        total: spec.test_list.length,
      };
    case 'pytest':
      return { program: code, stdio: [], harness: null, pytest: spec.pytest, compare: 'auto', total: 0 };
    case 'io': {
      const total = spec.inputs.length;
      if (spec.fn_name) {
        const cases = spec.inputs.map((input, index) => ({ index, case: { kind: 'call' as const, fn: spec.fn_name!, args: callArgs(input), expected: spec.outputs[index] } }));
        return { program: code, stdio: [], harness: { cases }, compare: spec.compare ?? 'auto', total };
      }
      const stdio = spec.inputs.map((input, index) => ({ index, stdin: stdinText(input), expected: expectedText(spec.outputs[index]) }));
      return { program: code, stdio, harness: null, compare: spec.compare ?? 'auto', total };
    }
    case 'livecodebench': {
      const stdio: StdioCase[] = [];
      const calls: { index: number; case: HarnessCase }[] = [];
      spec.cases.forEach((c, index) => {
        if (c.testtype === 'stdin') stdio.push({ index, stdin: c.input, expected: c.output });
        else {
          const args = c.input.split('\n').filter((line) => line.trim() !== '').map(parseLiteral);
          calls.push({ index, case: { kind: 'call', fn: spec.fn_name ?? null, args, expected: parseLiteral(c.output) } });
        }
      });
      return { program: code, stdio, harness: calls.length ? { cases: calls } : null, compare: 'auto', total: spec.cases.length };
    }
  }
}
