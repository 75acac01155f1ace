// Runs a program in a fresh bubblewrap sandbox per execution (every language; the fork server is
// the fast path for Python). Compile once, then run once per input; the work dir lives until dispose.
import { classifyRun } from './classify.js';
import { bwrapArgv, limitArgv, unsafeNoIsolation, type SandboxLimits } from './isolation.js';
import type { LanguageSpec } from './languages/index.js';
import { runCapped, type CappedRun } from './process.js';
import { closeFd, openSeccompFd } from './seccomp.js';
import { noOutput, type RunResult } from './results.js';
import { WorkDir } from './workdir.js';
import type { ExecutionLimits } from './options.js';

type CompileInfo = RunResult['compile'];

export class ColdProgram {
  private readonly dir = new WorkDir();
  private compileInfo: CompileInfo = { status: 'not_needed', durationMs: 0, stderr: '' };
  private failed: RunResult | null = null;
  private code: string;

  constructor(
    private readonly language: LanguageSpec,
    code: string,
    private readonly limits: ExecutionLimits,
    files: Record<string, string> = {},
  ) {
    this.code = code;
    for (const [path, base64] of Object.entries(files)) this.dir.write(path, Buffer.from(base64, 'base64'));
  }

  /** Transforms and compiles; afterwards run() answers the compile failure if there was one. */
  async prepare(): Promise<CompileInfo> {
    if (this.language.transform) {
      const started = performance.now();
      const outcome = await this.language.transform(this.code);
      if (!outcome.ok) {
        this.compileInfo = { status: 'compile_error', durationMs: performance.now() - started, stderr: outcome.message };
        this.failed = this.failure(outcome.syntax ? 'syntax_error' : 'compile_error', outcome.message);
        return this.compileInfo;
      }
      this.code = outcome.code;
    }
    this.dir.write(this.language.sourceFile(this.code), this.code);
    if (!this.language.compile) return this.compileInfo;
    const run = await this.exec(this.language.compile(this.code), '', this.limits.compileTimeoutMs, { ...this.sandboxLimits(this.limits.compileTimeoutMs), addressSpaceMb: null, processes: 256 });
    const stderr = (run.stderr + run.stdout).slice(0, 64 * 1024);
    if (run.spawnError) {
      this.compileInfo = { status: 'sandbox_error', durationMs: run.durationMs, stderr: run.spawnError };
      this.failed = this.failure('sandbox_error', run.spawnError);
    } else if (run.timedOut) {
      this.compileInfo = { status: 'timeout', durationMs: run.durationMs, stderr };
      this.failed = this.failure('compile_error', 'compilation timed out');
    } else if (run.exitCode !== 0) {
      this.compileInfo = { status: 'compile_error', durationMs: run.durationMs, stderr };
      this.failed = this.failure('compile_error', 'compilation failed');
    } else {
      this.compileInfo = { status: 'ok', durationMs: run.durationMs, stderr };
    }
    return this.compileInfo;
  }

  async run(stdin = '', fetchFiles: string[] = []): Promise<RunResult> {
    if (this.failed) return { ...this.failed };
    const run = await this.exec(this.language.run(this.code, { memoryMb: this.limits.memoryLimitMb }), stdin, this.limits.runTimeoutMs, this.sandboxLimits(this.limits.runTimeoutMs));
    const verdict = classifyRun(run, this.language.id);
    const result: RunResult = {
      status: verdict.status as RunResult['status'],
      compile: this.compileInfo,
      exitCode: run.exitCode,
      signal: verdict.signal,
      stdout: run.stdout,
      stderr: run.stderr,
      stdoutTruncated: run.stdoutTruncated,
      stderrTruncated: run.stderrTruncated,
      durationMs: run.durationMs,
    };
    if (verdict.message) result.message = verdict.message;
    if (fetchFiles.length > 0) result.files = this.dir.fetch(fetchFiles);
    return result;
  }

  dispose(): void {
    this.dir.remove();
  }

  private sandboxLimits(timeoutMs: number): SandboxLimits {
    return {
      cpuSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)),
      addressSpaceMb: this.language.addressSpaceMb(this.limits.memoryLimitMb),
      processes: this.limits.processes,
      fileSizeMb: this.limits.fileSizeMb,
      openFiles: 256,
    };
  }

  private async exec(command: string[], stdin: string, wallMs: number, limits: SandboxLimits): Promise<CappedRun> {
    const unsafe = unsafeNoIsolation();
    const fd3 = unsafe ? null : openSeccompFd();
    const isolated = unsafe ? [] : bwrapArgv({ workDir: this.dir.path, seccomp: fd3 !== null });
    try {
      return await runCapped({ argv: [...isolated, ...limitArgv(limits), ...command], stdin, wallMs, outputCapBytes: this.limits.outputCapBytes, cwd: this.dir.path, fd3 });
    } finally {
      closeFd(fd3);
    }
  }

  private failure(status: RunResult['status'], message: string): RunResult {
    return { ...noOutput(), status, compile: this.compileInfo, stderr: this.compileInfo.stderr, message };
  }
}
