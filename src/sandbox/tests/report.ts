// Assembles a TestReport from per-case results: the overall status and the partial-credit fields
// (syntax_valid, compiled, executed_without_error, produced_output, tests_passed/total).
import type { CaseResult, RunResult, RunStatus, TestReport } from '../results.js';

/** A program-level failure outranks case failures when choosing the overall status. */
const PROGRAM_LEVEL: RunStatus[] = ['sandbox_error', 'syntax_error', 'compile_error'];

export function buildReport(cases: CaseResult[], extras: { compile?: RunResult['compile']; producedOutput: boolean; durationMs: number; message?: string }): TestReport {
  const sorted = [...cases].sort((a, b) => a.index - b.index);
  const passed = sorted.filter((c) => c.status === 'passed').length;
  const programFailure = sorted.find((c) => PROGRAM_LEVEL.includes(c.status));
  const firstFailure = sorted.find((c) => c.status !== 'passed');
  const status: RunStatus = sorted.length === 0 ? 'runtime_error' : (programFailure?.status ?? firstFailure?.status ?? 'passed');
  const syntaxValid = !sorted.some((c) => c.status === 'syntax_error');
  const compileOk = extras.compile ? extras.compile.status === 'ok' || extras.compile.status === 'not_needed' : true;
  const report: TestReport = {
    status,
    cases: sorted,
    syntax_valid: syntaxValid,
    compiled: syntaxValid && compileOk && !sorted.some((c) => c.status === 'compile_error'),
    executed_without_error: sorted.length > 0 && sorted.every((c) => c.status === 'passed' || c.status === 'wrong_answer'),
    produced_output: extras.producedOutput,
    tests_passed: passed,
    tests_total: sorted.length,
    durationMs: extras.durationMs,
  };
  const message = extras.message ?? firstFailure?.message;
  if (message) report.message = message;
  return report;
}

/** Keeps long actual/expected outputs readable in reports. */
export function clip(text: string, max = 1000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more chars)` : text;
}

/** A non-passing run status as a case status (a clean exit with wrong output is a wrong answer). */
export function caseStatusOf(run: RunResult): RunStatus {
  return run.status === 'ok' ? 'wrong_answer' : run.status;
}
