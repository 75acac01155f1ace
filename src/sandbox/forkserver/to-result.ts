// Maps a fork-server response onto the shared RunResult, with the same status rules as the cold path.
// Worker failures mid-run count against the program; failures to start are sandbox errors.
import type { RunResult } from '../results.js';
import type { WorkerResponse } from './protocol.js';

const MEMORY_ERROR = /^MemoryError/m;

function status(resp: WorkerResponse): Pick<RunResult, 'status' | 'message'> {
  if (resp.error) {
    return resp.error.startsWith('worker lost during the run')
      ? { status: 'runtime_error', message: 'the program killed or broke its sandbox worker; the worker was replaced' }
      : { status: 'sandbox_error', message: resp.error };
  }
  if (resp.outputExceeded) return { status: 'output_limit', message: 'output exceeded the cap; the program was killed' };
  if (resp.timedOut) return { status: 'timeout', message: 'wall-clock time limit exceeded' };
  if (resp.signal === 'SIGXCPU') return { status: 'timeout', message: 'CPU time limit exceeded' };
  if (resp.signal === 'SIGXFSZ') return { status: 'output_limit', message: 'file size limit exceeded' };
  if (resp.events.some((e) => e.e === 'syntax_error')) return { status: 'syntax_error', message: 'the program does not parse' };
  if (resp.events.some((e) => e.e === 'memory') || MEMORY_ERROR.test(resp.stderr.slice(-2000))) return { status: 'memory_limit', message: 'memory limit exceeded' };
  if (resp.exitCode === 0 && !resp.signal) return { status: 'ok' };
  return { status: 'runtime_error', message: resp.signal ? `killed by ${resp.signal}` : `exit code ${resp.exitCode}` };
}

export function responseToRunResult(resp: WorkerResponse): RunResult {
  const verdict = status(resp);
  const result: RunResult = {
    status: verdict.status,
    compile: { status: 'not_needed', durationMs: 0, stderr: '' },
    exitCode: resp.exitCode,
    signal: resp.signal,
    stdout: resp.stdout,
    stderr: resp.stderr,
    stdoutTruncated: resp.stdoutTruncated,
    stderrTruncated: resp.stderrTruncated,
    durationMs: resp.durationMs,
  };
  if (verdict.message) result.message = verdict.message;
  if (Object.keys(resp.files ?? {}).length > 0) result.files = resp.files;
  return result;
}
