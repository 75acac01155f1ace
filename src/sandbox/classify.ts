// Turns a raw process outcome into the result model's status. Memory exhaustion is recognised by
// the runtime's own message, since an address-space limit surfaces as an allocation failure.
import type { RunResult } from './results.js';
import type { CappedRun } from './process.js';

const MEMORY_PATTERNS = /MemoryError|std::bad_alloc|Cannot allocate memory|heap out of memory|OutOfMemoryError|memory exhausted|failed to allocate|out of memory/i;

const SIGNALS: Record<number, string> = { 6: 'SIGABRT', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ' };

/** bwrap reports a signal-killed program as 128+signal. */
export function signalOf(run: Pick<CappedRun, 'exitCode' | 'signal'>): string | null {
  if (run.signal) return run.signal;
  if (run.exitCode !== null && run.exitCode > 128 && run.exitCode < 160) return SIGNALS[run.exitCode - 128] ?? `SIG${run.exitCode - 128}`;
  return null;
}

export function isPythonSyntaxError(stderr: string): boolean {
  return /^(SyntaxError|IndentationError|TabError):/m.test(stderr) && !/, in </.test(stderr);
}

export function classifyRun(run: CappedRun, language: string): Pick<RunResult, 'status' | 'signal' | 'message'> {
  const signal = signalOf(run);
  if (run.spawnError) return { status: 'sandbox_error', signal, message: `could not start the sandbox: ${run.spawnError}` };
  if (run.outputExceeded) return { status: 'output_limit', signal, message: 'output exceeded the cap; the program was killed' };
  if (run.timedOut) return { status: 'timeout', signal, message: 'wall-clock time limit exceeded' };
  if (signal === 'SIGXCPU') return { status: 'timeout', signal, message: 'CPU time limit exceeded' };
  if (signal === 'SIGXFSZ') return { status: 'output_limit', signal, message: 'file size limit exceeded' };
  if (run.exitCode === 0 && !signal) return { status: 'ok', signal: null };
  if (MEMORY_PATTERNS.test(run.stderr.slice(-4000))) return { status: 'memory_limit', signal, message: 'memory limit exceeded' };
  if (language === 'python' && isPythonSyntaxError(run.stderr)) return { status: 'syntax_error', signal, message: 'the program does not parse' };
  return { status: 'runtime_error', signal, message: signal ? `killed by ${signal}` : `exit code ${run.exitCode}` };
}
