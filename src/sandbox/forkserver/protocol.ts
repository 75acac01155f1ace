// The JSON-lines protocol between the pool and worker.py; field names match the Python side.
// One request in flight per worker; responses carry the same id.
import type { CapturedRun } from '../process.js';

export type HarnessCase = { kind: 'code'; code: string } | { kind: 'call'; fn: string | null; args: unknown[]; expected: unknown };

export interface Harness {
  /** Random per request; events without it are ignored, so a program cannot forge a verdict by printing. */
  nonce: string;
  /** Trusted test code run after the program, in its namespace (HumanEval's check, MBPP setup). */
  setup?: string;
  cases: HarnessCase[];
  /** pytest source: the program becomes solution.py, this test_solution.py. */
  pytest?: string;
}

export interface WorkerRequest {
  id: number;
  code: string;
  stdin: string;
  timeoutMs: number;
  outputCapBytes: number;
  limits: { memoryMb: number; cpuSeconds: number; processes: number; fileSizeMb: number };
  files?: Record<string, string>;
  fetchFiles?: string[];
  harness?: Harness;
}

export interface WorkerEvent {
  e: 'compiled' | 'syntax_error' | 'memory' | 'program_exit' | 'program_error' | 'setup_error' | 'case' | 'done';
  n?: string;
  i?: number;
  ok?: boolean;
  error?: string;
  message?: string;
  ms?: number;
}

export interface WorkerResponse extends CapturedRun {
  id: number;
  events: WorkerEvent[];
  files: Record<string, string>;
  tainted: boolean;
  /** Set when the worker itself failed while serving the request. */
  error?: string;
}
