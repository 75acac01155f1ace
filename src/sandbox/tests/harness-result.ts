// Reads the per-case verdicts out of a Python harness run. Only events that carry the request's
// nonce count, so a program that prints or writes fake verdicts gains nothing.
import type { WorkerEvent, WorkerResponse } from '../forkserver/protocol.js';
import type { CaseResult, RunResult, RunStatus } from '../results.js';
import { clip } from './report.js';

function failedCaseStatus(event: WorkerEvent): RunStatus {
  if (event.error === 'AssertionError') return 'wrong_answer';
  if (event.error === 'MemoryError') return 'memory_limit';
  return 'runtime_error';
}

/** Why a case has no verdict: the whole run's fate, explained. */
function missingCase(run: RunResult, events: WorkerEvent[]): { status: RunStatus; message: string } {
  if (events.some((e) => e.e === 'syntax_error')) return { status: 'syntax_error', message: 'the program does not parse' };
  if (run.status !== 'ok' && run.status !== 'runtime_error') return { status: run.status, message: run.message ?? run.status };
  if (events.some((e) => e.e === 'program_exit')) return { status: 'runtime_error', message: 'the program exited before the tests ran' };
  if (events.some((e) => e.e === 'program_error')) return { status: 'runtime_error', message: `the program raised before the tests ran: ${clip(lastLine(run.stderr), 300)}` };
  if (events.some((e) => e.e === 'setup_error')) return { status: 'runtime_error', message: `the test setup failed: ${clip(lastLine(run.stderr), 300)}` };
  return { status: 'runtime_error', message: run.message ?? 'the test did not report a verdict' };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

export function harnessCaseResults(indexes: number[], response: WorkerResponse, run: RunResult, nonce: string): CaseResult[] {
  const events = response.events.filter((e) => e.e !== 'case' || e.n === nonce);
  const byPosition = new Map<number, WorkerEvent>();
  for (const event of events) if (event.e === 'case' && typeof event.i === 'number' && !byPosition.has(event.i)) byPosition.set(event.i, event);
  return indexes.map((index, position) => {
    const event = byPosition.get(position);
    if (!event) {
      const missing = missingCase(run, events);
      return { index, status: missing.status, durationMs: run.durationMs, message: missing.message };
    }
    const result: CaseResult = { index, status: event.ok ? 'passed' : failedCaseStatus(event), durationMs: event.ms ?? 0 };
    if (!event.ok) result.message = clip(event.message ? `${event.error}: ${event.message}` : (event.error ?? 'failed'), 600);
    return result;
  });
}

/** pytest discovers its cases: one per reported test, in report order. */
export function pytestCaseResults(response: WorkerResponse, run: RunResult, nonce: string): CaseResult[] {
  const cases = response.events.filter((e) => e.e === 'case' && e.n === nonce);
  if (cases.length === 0) {
    const missing = missingCase(run, response.events);
    return [{ index: 0, status: missing.status, durationMs: run.durationMs, message: missing.status === 'runtime_error' ? `pytest collected no passing run: ${clip(run.stdout.trim().split('\n').slice(-3).join(' | '), 500)}` : missing.message }];
  }
  return cases.map((event, index) => {
    const result: CaseResult = { index, status: event.ok ? 'passed' : failedCaseStatus(event), durationMs: event.ms ?? 0 };
    if (!event.ok) result.message = clip(event.message ?? event.error ?? 'failed', 600);
    return result;
  });
}
