// Runs a whole test suite for one program: stdin/stdout cases on the language's runner, Python
// harness cases (HumanEval, MBPP, calls, pytest) in one fork-server execution.
import { randomUUID } from 'node:crypto';
import { CodewardError } from '../../shared/errors.js';
import type { Harness, WorkerRequest, WorkerResponse } from '../forkserver/protocol.js';
import { responseToRunResult } from '../forkserver/to-result.js';
import type { CaseResult, RunResult, TestReport } from '../results.js';
import { outputsMatch } from './compare.js';
import { harnessCaseResults, pytestCaseResults } from './harness-result.js';
import { buildReport, caseStatusOf, clip } from './report.js';
import type { StdioCase, Suite } from './suite.js';

/** What the suite runner needs from the sandbox: a program runner and the Python harness. */
export interface SuiteBackend {
  /** Compiles once; `run` executes it on one stdin. */
  openProgram(code: string): Promise<{ compile: RunResult['compile']; run(stdin: string): Promise<RunResult>; dispose(): void }>;
  /** Runs a Python harness request on the fork server; null when the language is not Python. */
  runHarness: ((request: Omit<WorkerRequest, 'id'>) => Promise<WorkerResponse>) | null;
  harnessRequest(code: string, harness: Harness & { pytest?: string }): Omit<WorkerRequest, 'id'>;
  concurrency: number;
}

async function runStdioCases(cases: StdioCase[], suite: Suite, backend: SuiteBackend): Promise<{ results: CaseResult[]; compile: RunResult['compile']; produced: boolean }> {
  const program = await backend.openProgram(suite.program);
  const results: CaseResult[] = [];
  let produced = false;
  try {
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const run = await program.run(c.stdin);
        if (run.stdout.trim()) produced = true;
        const passed = run.status === 'ok' && outputsMatch(run.stdout, c.expected, suite.compare);
        const result: CaseResult = { index: c.index, status: passed ? 'passed' : caseStatusOf(run), durationMs: run.durationMs };
        if (!passed) {
          result.expected = clip(c.expected);
          result.actual = clip(run.stdout);
          result.message = run.message ?? (run.status === 'ok' ? 'output differs from the expected output' : undefined);
          if (run.status !== 'ok' && run.stderr) result.message = clip(`${result.message ?? run.status}: ${run.stderr.trim().split('\n').slice(-1)[0]}`, 600);
        }
        results.push(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(backend.concurrency, cases.length) }, worker));
    return { results, compile: program.compile, produced };
  } finally {
    program.dispose();
  }
}

export async function runSuite(suite: Suite, backend: SuiteBackend): Promise<TestReport> {
  const started = performance.now();
  const needsHarness = suite.harness !== null || suite.pytest !== undefined;
  if (needsHarness && !backend.runHarness) {
    throw new CodewardError('unsupported_language', 'HumanEval, MBPP, function-call and pytest tests run Python programs only.', 'Use language "python", or stdin/stdout tests for other languages.');
  }
  // randomUUID draws from a cached entropy pool; randomBytes(16) cost a synchronous call per suite.
  const nonce = randomUUID();
  const tasks: Promise<{ results: CaseResult[]; compile?: RunResult['compile']; produced: boolean }>[] = [];
  if (suite.stdio.length > 0) tasks.push(runStdioCases(suite.stdio, suite, backend));
  if (suite.harness && backend.runHarness) {
    const harness = suite.harness;
    const request = backend.harnessRequest(suite.program, { nonce, setup: harness.setup, cases: harness.cases.map((c) => c.case) });
    tasks.push(
      backend.runHarness(request).then((response) => {
        const run = responseToRunResult(response);
        const results = harnessCaseResults(harness.cases.map((c) => c.index), response, run, nonce);
        return { results, produced: results.some((r) => r.status === 'passed' || r.status === 'wrong_answer') };
      }),
    );
  }
  if (suite.pytest !== undefined && backend.runHarness) {
    const request = backend.harnessRequest(suite.program, { nonce, cases: [], pytest: suite.pytest });
    tasks.push(
      backend.runHarness(request).then((response) => {
        const run = responseToRunResult(response);
        const results = pytestCaseResults(response, run, nonce);
        return { results, produced: results.some((r) => r.status === 'passed' || r.status === 'wrong_answer') };
      }),
    );
  }
  const parts = await Promise.all(tasks);
  const cases = parts.flatMap((p) => p.results);
  return buildReport(cases, { compile: parts.find((p) => p.compile)?.compile, producedOutput: parts.some((p) => p.produced), durationMs: performance.now() - started });
}
