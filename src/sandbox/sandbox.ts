// The Sandbox: runs programs (runCode) and test suites (runTests) with bubblewrap isolation, Python
// on the warm fork-server pool, everything else (and unsafe dev mode) cold, one sandbox per run.
import { ColdProgram } from './cold-runner.js';
import { ForkServerPool, type ForkServerPoolOptions } from './forkserver/pool.js';
import type { Harness, WorkerRequest } from './forkserver/protocol.js';
import { responseToRunResult } from './forkserver/to-result.js';
import { assertSandboxAvailable, unsafeNoIsolation } from './isolation.js';
import { resolveLanguage, type LanguageSpec } from './languages/index.js';
import { resolveLimits, type ExecutionLimits } from './options.js';
import { validateRunCode, type RunCodeRequest, type RunTestsRequest } from './requests.js';
import { noOutput, type RunResult, type TestReport } from './results.js';
import { runSuite, type SuiteBackend } from './tests/run-tests.js';
import { parseTestSpec } from './tests/spec.js';
import { buildSuite } from './tests/suite.js';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { buildReport } from './tests/report.js';

export interface SandboxOptions extends ForkServerPoolOptions {
  /** Use the warm Python fork server (default true); false runs Python cold like other languages. */
  forkServer?: boolean;
}

/** Processes the fork server itself accounts for in the sandbox (bwrap init, worker, child). */
const FORK_SERVER_PROCESSES = 3;

export class Sandbox {
  private pool: ForkServerPool | null = null;

  constructor(private readonly options: SandboxOptions = {}) {}

  /** The pool, created on first use; null when Python runs cold. */
  forkServerPool(): ForkServerPool | null {
    if (this.options.forkServer === false || unsafeNoIsolation()) return null;
    this.pool ??= new ForkServerPool(this.options);
    return this.pool;
  }

  /** Queue depth and worker replacements of the fork-server pool, without starting it. */
  poolStats(): { size: number; queued: number; replaced: number } | null {
    return this.pool ? { size: this.pool.size, queued: this.pool.queued, replaced: this.pool.replaced } : null;
  }

  async runCode(req: RunCodeRequest): Promise<RunResult> {
    validateRunCode(req);
    const language = resolveLanguage(req.language);
    assertSandboxAvailable();
    const limits = resolveLimits(req);
    const pool = language.id === 'python' ? this.forkServerPool() : null;
    if (pool) {
      const response = await pool.run({ ...this.workerRequest(req.code, limits, limits.runTimeoutMs), stdin: req.stdin ?? '', files: req.files, fetchFiles: req.fetchFiles });
      return responseToRunResult(response);
    }
    let program: ColdProgram | null = null;
    try {
      program = new ColdProgram(language, req.code, limits, req.files);
      await program.prepare();
      return await program.run(req.stdin ?? '', req.fetchFiles ?? []);
    } catch (err) {
      // Host-side trouble (disk full, fd exhaustion) is the sandbox's failure, not the program's.
      if (err instanceof CodewardError) throw err;
      return sandboxErrorResult(errorMessage(err));
    } finally {
      program?.dispose();
    }
  }

  async runTests(req: RunTestsRequest): Promise<TestReport> {
    if (!req || typeof req !== 'object' || typeof req.code !== 'string' || typeof req.language !== 'string') {
      throw new CodewardError('invalid_input', 'runTests needs {language, code, tests}.');
    }
    const spec = parseTestSpec(req.tests);
    const language = resolveLanguage(req.language);
    assertSandboxAvailable();
    const limits = resolveLimits({ runTimeoutMs: req.timeoutMs, memoryLimitMb: req.memoryLimitMb });
    const started = performance.now();
    try {
      return await runSuite(buildSuite(spec, req.code), this.backend(language, limits));
    } catch (err) {
      if (err instanceof CodewardError) throw err;
      const message = `the sandbox failed: ${errorMessage(err)}`;
      return buildReport([{ index: 0, status: 'sandbox_error', durationMs: 0, message }], { producedOutput: false, durationMs: performance.now() - started, message });
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  private workerRequest(code: string, limits: ExecutionLimits, timeoutMs: number): Omit<WorkerRequest, 'id'> {
    return {
      code,
      stdin: '',
      timeoutMs,
      outputCapBytes: limits.outputCapBytes,
      limits: { memoryMb: limits.memoryLimitMb, cpuSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)), processes: limits.processes + FORK_SERVER_PROCESSES, fileSizeMb: limits.fileSizeMb },
    };
  }

  private backend(language: LanguageSpec, limits: ExecutionLimits): SuiteBackend {
    const pool = language.id === 'python' ? this.forkServerPool() : null;
    const runHarness = pool
      ? (request: Omit<WorkerRequest, 'id'>) => pool.run(request)
      : language.id === 'python'
        ? () => Promise.reject(new CodewardError('sandbox_unavailable', 'Python test harnesses (HumanEval, MBPP, function calls, pytest) need the fork server, which is off (forkServer: false or unsafe no-isolation mode).', 'Use stdin/stdout tests, or enable the fork server.'))
        : null;
    return {
      concurrency: pool ? pool.size : 2,
      runHarness,
      harnessRequest: (code: string, harness: Harness) => ({ ...this.workerRequest(code, limits, limits.runTimeoutMs), harness }),
      openProgram: async (code: string) => {
        if (pool) {
          return {
            compile: { status: 'not_needed', durationMs: 0, stderr: '' },
            run: async (stdin: string) => responseToRunResult(await pool.run({ ...this.workerRequest(code, limits, limits.runTimeoutMs), stdin })),
            dispose: () => {},
          };
        }
        const program = new ColdProgram(language, code, limits);
        const compile = await program.prepare();
        return { compile, run: (stdin: string) => program.run(stdin), dispose: () => program.dispose() };
      },
    };
  }
}

function sandboxErrorResult(message: string): RunResult {
  return { ...noOutput(), status: 'sandbox_error', compile: { status: 'not_needed', durationMs: 0, stderr: '' }, message: `the sandbox failed: ${message}` };
}
