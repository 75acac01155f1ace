// Public API of the sandbox: run untrusted code (runCode) and whole test suites (runTests) in
// bubblewrap, on one default Sandbox whose fork-server pool closeSandbox() stops.
import type { RunCodeRequest, RunTestsRequest } from './requests.js';
import type { RunResult, TestReport } from './results.js';
import { Sandbox } from './sandbox.js';

export { Sandbox, type SandboxOptions } from './sandbox.js';
export { parseTestSpec, type TestSpec, type CompareMode } from './tests/spec.js';
export { outputsMatch } from './tests/compare.js';
export { availableLanguages } from './languages/index.js';
export { DEFAULT_LIMITS } from './options.js';
export type { RunCodeRequest, RunTestsRequest } from './requests.js';
export type { RunResult, TestReport, CaseResult, RunStatus, CompileStatus } from './results.js';

let defaultSandbox: Sandbox | null = null;

/** The process-wide sandbox used by runCode/runTests (and the server). */
export function getSandbox(): Sandbox {
  defaultSandbox ??= new Sandbox();
  return defaultSandbox;
}

/** Runs one program; never throws for what the program does, only for bad requests, a full queue or a missing sandbox. */
export async function runCode(req: RunCodeRequest): Promise<RunResult> {
  return getSandbox().runCode(req);
}

/** Runs a program against a test suite (HumanEval, APPS/TACO, LiveCodeBench, MBPP, pytest). */
export async function runTests(req: RunTestsRequest): Promise<TestReport> {
  return getSandbox().runTests(req);
}

/** Stops the default fork-server pool (server shutdown, tests); the next call starts a fresh one. */
export async function closeSandbox(): Promise<void> {
  const sandbox = defaultSandbox;
  defaultSandbox = null;
  await sandbox?.close();
}
