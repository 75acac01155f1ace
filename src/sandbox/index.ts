// Public API of the sandbox: run untrusted code (runCode) and whole test suites (runTests) in
// bubblewrap, on one default Sandbox whose fork-server pool closeSandbox() stops.
import type { RunCodeRequest, RunTestsRequest } from './requests.js';
import type { RunResult, TestReport } from './results.js';
import { Sandbox, type SandboxOptions } from './sandbox.js';

export { Sandbox, type SandboxOptions } from './sandbox.js';
export { parseTestSpec, type TestSpec, type CompareMode } from './tests/spec.js';
export { outputsMatch } from './tests/compare.js';
export { availableLanguages } from './languages/index.js';
export { DEFAULT_LIMITS } from './options.js';
export type { RunCodeRequest, RunTestsRequest } from './requests.js';
export type { RunResult, TestReport, CaseResult, RunStatus, CompileStatus } from './results.js';

let defaultSandbox: Sandbox | null = null;

/** CODEWARD_SANDBOX_POOL_SIZE (default: one worker per core plus one) and CODEWARD_SANDBOX_MAX_QUEUE
 *  (default 256 per worker) size the process-wide pool; anything unparsable keeps the default. */
function defaultOptions(): SandboxOptions {
  const read = (name: string) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const size = read('CODEWARD_SANDBOX_POOL_SIZE');
  const maxQueue = read('CODEWARD_SANDBOX_MAX_QUEUE');
  return { ...(size ? { size } : {}), ...(maxQueue ? { maxQueue } : {}) };
}

/** The process-wide sandbox used by runCode/runTests (and the server). */
export function getSandbox(): Sandbox {
  defaultSandbox ??= new Sandbox(defaultOptions());
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
