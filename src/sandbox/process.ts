// Runs one sandboxed command with a wall-clock deadline and capped output; kills the whole
// process group on timeout or overflow. The sandbox itself (bwrap) lives in the argv.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ProcessOutput } from './results.js';

export interface CappedRunOptions {
  argv: string[];
  stdin?: string;
  wallMs: number;
  /** Bytes kept per stream; more output kills the program and flags the stream. */
  outputCapBytes: number;
  cwd?: string;
  /** Extra fd handed to the command as fd 3 (the seccomp filter). */
  fd3?: number | null;
}

/** What one capped execution produced; shared by the cold runner and the fork server's answers. */
export interface CapturedRun extends ProcessOutput {
  timedOut: boolean;
  /** True when a stream passed the cap (endless output). */
  outputExceeded: boolean;
}

export interface CappedRun extends CapturedRun {
  /** Set when the command could not be started at all. */
  spawnError?: string;
}

class CappedStream {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  /** Keeps data up to the cap; returns false once the cap is passed. */
  push(chunk: Buffer): boolean {
    const room = this.cap - this.size;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export function runCapped(options: CappedRunOptions): Promise<CappedRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(options.argv[0], options.argv.slice(1), {
      cwd: options.cwd,
      detached: true,
      stdio: options.fd3 === undefined || options.fd3 === null ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', options.fd3],
      env: {},
    }) as ChildProcessWithoutNullStreams;
    const out = new CappedStream(options.outputCapBytes);
    const err = new CappedStream(options.outputCapBytes);
    let timedOut = false;
    let outputExceeded = false;
    let spawnError: string | undefined;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.wallMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!out.push(chunk) && !outputExceeded) {
        outputExceeded = true;
        killGroup();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (!err.push(chunk) && !outputExceeded) {
        outputExceeded = true;
        killGroup();
      }
    });
    child.stdin.on('error', () => {
      // The program may exit without reading its input (EPIPE); that is its business.
    });
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup();
      resolve({
        exitCode: code,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        timedOut,
        outputExceeded,
        durationMs: performance.now() - started,
        spawnError,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
