// The one result model of the sandbox, shared with the rewards and the evaluation: explicit status
// enums for compile and run (never a bare boolean), per-case timings and the partial-credit fields.

export type RunStatus =
  | 'passed'
  | 'wrong_answer'
  | 'runtime_error'
  | 'timeout'
  | 'memory_limit'
  | 'output_limit'
  | 'compile_error'
  | 'syntax_error'
  | 'sandbox_error';

export type CompileStatus = 'not_needed' | 'ok' | 'compile_error' | 'timeout' | 'sandbox_error';

/** What a finished process left behind: how it ended and its (capped) output. */
export interface ProcessOutput {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  durationMs: number;
}

/** The output of a process that never ran (refused, or lost before it started). */
export function noOutput(): ProcessOutput {
  return { exitCode: null, signal: null, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false, durationMs: 0 };
}

/** One execution of one program. */
export interface RunResult extends ProcessOutput {
  status: Exclude<RunStatus, 'wrong_answer' | 'passed'> | 'ok';
  compile: { status: CompileStatus; durationMs: number; stderr: string };
  /** Files requested back by path, base64-encoded. */
  files?: Record<string, string>;
  message?: string;
}

export interface CaseResult {
  index: number;
  status: RunStatus;
  durationMs: number;
  expected?: string;
  actual?: string;
  message?: string;
}

/** A whole test suite for one program, with the fields the functional reward needs. */
export interface TestReport {
  status: RunStatus;
  cases: CaseResult[];
  syntax_valid: boolean;
  compiled: boolean;
  executed_without_error: boolean;
  produced_output: boolean;
  tests_passed: number;
  tests_total: number;
  durationMs: number;
  message?: string;
}
