// Request limits with their documented defaults, shared by runCode, runTests and the HTTP routes.
// Requests may lower or raise them up to MAX_LIMITS; nonsense values fall back to the defaults.

export interface ExecutionLimits {
  /** Compile step (gcc, javac, go build) wall-clock limit. Default 10 s. */
  compileTimeoutMs: number;
  /** Run wall-clock limit; CPU time is capped at the same number of seconds (rounded up). Default 10 s. */
  runTimeoutMs: number;
  /** Memory (address space for most runtimes, heap for node/java). Default 512 MiB. */
  memoryLimitMb: number;
  /** Bytes kept per output stream before the program is killed and flagged. Default 1 MiB. */
  outputCapBytes: number;
  /** Processes/threads inside one sandbox. Default 64. */
  processes: number;
  /** Largest file a program may write. Default 16 MiB. */
  fileSizeMb: number;
}

export const DEFAULT_LIMITS: ExecutionLimits = {
  compileTimeoutMs: 10_000,
  runTimeoutMs: 10_000,
  memoryLimitMb: 512,
  outputCapBytes: 1024 * 1024,
  processes: 64,
  fileSizeMb: 16,
};

/** Upper bounds a request may ask for, so one caller cannot hold a worker for minutes. */
export const MAX_LIMITS = { timeoutMs: 120_000, memoryLimitMb: 8192 };

function bounded(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return fallback;
  return Math.min(value, max);
}

export function resolveLimits(req: { compileTimeoutMs?: number; runTimeoutMs?: number; memoryLimitMb?: number }): ExecutionLimits {
  return {
    ...DEFAULT_LIMITS,
    compileTimeoutMs: bounded(req.compileTimeoutMs, DEFAULT_LIMITS.compileTimeoutMs, MAX_LIMITS.timeoutMs),
    runTimeoutMs: bounded(req.runTimeoutMs, DEFAULT_LIMITS.runTimeoutMs, MAX_LIMITS.timeoutMs),
    memoryLimitMb: bounded(req.memoryLimitMb, DEFAULT_LIMITS.memoryLimitMb, MAX_LIMITS.memoryLimitMb),
  };
}
