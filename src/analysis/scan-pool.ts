// A small worker_threads pool that gives every scan or fix a deadline: a worker that overruns it is
// terminated and replaced, and the task reports parse_timeout. Used for files; in-process scanCode stays the fast path.
import { mkdirSync, renameSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../shared/paths.js';
import { scanWithoutParse } from './engine.js';
import type { FixResult } from './fix.js';
import { defaultRuleIndex, loadRules, RuleIndex, type Rule } from './rules.js';
import type { ScanResult, Severity } from './types.js';

export interface WorkerRequest {
  id: number;
  kind: 'scan' | 'fix';
  code: string;
  language: string;
  minSeverity?: Severity;
}

export interface WorkerReply {
  id: number;
  scan?: ScanResult;
  fix?: FixResult;
  error?: { code: 'parse_timeout' | 'internal_error'; message: string };
}

export interface ScanPoolOptions {
  /** Worker threads; defaults to the CPU count, at most 4. */
  size?: number;
  /** Deadline for one file, measured from when a ready worker takes it. */
  timeoutMs?: number;
  /** Rule directories the workers load; the shipped rules by default. */
  ruleDirs?: string[];
  /** Rules the caller already loaded (from `ruleDirs`), so the pool does not load them a second time. */
  rules?: RuleIndex;
}

export const DEFAULT_FILE_TIMEOUT_MS = 10_000;
/** Starting a worker loads napi, the parsers and every rule; generous because CI machines are slow. */
const STARTUP_TIMEOUT_MS = 60_000;
/**
 * Scans up to this size first run the anchor search here (tens of microseconds for a model's answer): code
 * no rule can match is answered without the round trip to a worker, which costs more than the search.
 */
const MAIN_THREAD_PREFILTER_LIMIT = 64 * 1024;

let bundledWorker: Promise<string> | undefined;

/**
 * The worker's script. From dist/ it is the compiled sibling; from sources (tests, vite-node) Node
 * cannot run .ts in a worker, so the entry is bundled once with esbuild next to node_modules.
 */
function workerScript(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return Promise.resolve(fileURLToPath(new URL('./scan-worker.js', import.meta.url)));
  bundledWorker ??= bundleWorker(here.replace(/scan-pool\.ts$/, 'scan-worker.ts'));
  return bundledWorker;
}

async function bundleWorker(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = packagePath('node_modules', '.cache', 'codeward', 'scan-worker.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  // Concurrent test processes may bundle at once: write aside, then rename atomically.
  const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: temporary, logLevel: 'silent' });
  renameSync(temporary, outfile);
  return outfile;
}

interface Task {
  request: WorkerRequest;
  resolve: (reply: WorkerReply) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Tasks posted to this worker, in the order it runs them; the first is running. */
  tasks: Task[];
  timer?: NodeJS.Timeout;
}

/**
 * Tasks a worker holds at once. A worker that waited for the main thread between files sat idle for a
 * whole round trip, 0.4-0.7 ms on this VM (thread wake-ups are slow under virtualization), longer than the
 * median scan; measured with two workers on 515 Python files, they were busy half the time. With a few
 * tasks queued inside it, the next starts as soon as the last ends. Kept small so that work still spreads
 * evenly across workers, and so a worker replaced after a timeout hands back only a few tasks.
 */
const PIPELINE_DEPTH = 4;

export class ScanPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly ruleDirs?: string[];
  /**
   * The rules, loaded once here: the prefilter runs on them in this thread, and every worker gets their
   * parsed form (a structured clone, ~15 ms) instead of loading them again.
   */
  private index?: RuleIndex;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private starting = 0;
  /** Set when a worker failed to start: the rules or the parsers cannot load, so retrying is pointless. */
  private broken?: string;

  constructor(options: ScanPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
    this.ruleDirs = options.ruleDirs;
    this.index = options.rules;
  }

  /** Runs one scan or fix in a worker; always resolves, with `error` set on timeout or crash. */
  run(request: Omit<WorkerRequest, 'id'>): Promise<WorkerReply> {
    const id = this.nextId++;
    if (this.closed || this.broken) return Promise.resolve({ id, error: { code: 'internal_error', message: this.broken ?? 'The scan pool is closed.' } });
    if (request.kind === 'scan' && typeof request.code === 'string' && request.code.length <= MAIN_THREAD_PREFILTER_LIMIT) {
      const rules = this.loadedRules();
      const settled = rules && scanWithoutParse(request.code, { language: request.language, rules, minSeverity: request.minSeverity });
      if (settled) return Promise.resolve({ id, scan: settled });
    }
    return new Promise((resolve) => {
      this.queue.push({ request: { ...request, id }, resolve });
      void this.pump();
    });
  }

  /** Throws when the rules cannot load; spawn() then reports why to every task. */
  private ruleIndex(): RuleIndex {
    return (this.index ??= this.ruleDirs ? new RuleIndex(loadRules(this.ruleDirs)) : defaultRuleIndex());
  }

  /** The rules for the prefilter here, or undefined when they cannot load (the task then goes to spawn()). */
  private loadedRules(): RuleIndex | undefined {
    try {
      return this.ruleIndex();
    } catch {
      return undefined;
    }
  }

  /** Workers started or starting (they start on demand, or all at once with prestart). */
  get started(): number {
    return this.slots.size + this.starting;
  }

  /**
   * Starts every worker now instead of one per queued task. Each start loads the parsers and every
   * rule (a second or more of CPU): a server should pay that before its first burst, not during it.
   */
  prestart(): void {
    while (!this.closed && !this.broken && this.slots.size + this.starting < this.size) void this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = (task: Task) => task.resolve({ id: task.request.id, error: { code: 'internal_error', message: 'The scan pool was closed.' } });
    this.queue.splice(0).forEach(closing);
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.tasks.splice(0).forEach(closing);
      // A thread stuck in native code only stops when that call returns; do not wait for it.
      void slot.worker.terminate();
    }
  }

  private async pump(): Promise<void> {
    // A task posted to a worker cannot move to another. While workers are still starting, each ready one
    // takes a single task, so the rest wait for the new workers instead of queueing behind the first;
    // once all are up, fill level by level so a short queue still spreads over every worker.
    const allUp = this.starting === 0 && this.slots.size >= this.size && [...this.slots].every((s) => s.ready);
    for (let depth = 1; depth <= (allUp ? PIPELINE_DEPTH : 1) && this.queue.length > 0; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) break;
        if (slot.ready && slot.tasks.length < depth) this.assign(slot, this.queue.shift()!);
      }
    }
    if (this.queue.length === 0) return;
    const waiting = this.queue.length - this.starting - [...this.slots].filter((s) => !s.ready).length;
    if (waiting > 0 && this.slots.size + this.starting < this.size && !this.broken) await this.spawn();
  }

  private async spawn(): Promise<void> {
    let script: string;
    this.starting++;
    try {
      script = await workerScript();
    } catch (err) {
      this.broken = `Cannot prepare the scan worker: ${(err as Error).message}`;
      this.failAll(this.broken);
      return;
    } finally {
      this.starting--;
    }
    if (this.closed) return;
    let rules: Rule[];
    try {
      rules = this.ruleIndex().rules;
    } catch (err) {
      this.broken = `Cannot load the rules: ${(err as Error).message}`;
      this.failAll(this.broken);
      return;
    }
    const worker = new Worker(script, { workerData: { rules } });
    worker.unref(); // pending tasks keep the process alive through their timers, idle workers must not
    const slot: Slot = { worker, ready: false, tasks: [] };
    this.slots.add(slot);
    slot.timer = setTimeout(() => this.retire(slot, 'internal_error', 'The scan worker did not start in time.'), STARTUP_TIMEOUT_MS);
    worker.on('message', (message: WorkerReply | 'ready') => {
      clearTimeout(slot.timer);
      if (message === 'ready') {
        slot.ready = true;
      } else {
        slot.tasks.shift()?.resolve(message);
        // The worker runs its tasks in order: the next one started when this reply was sent.
        if (slot.tasks.length > 0) this.armDeadline(slot);
      }
      void this.pump();
    });
    worker.on('error', (err) => this.retire(slot, 'internal_error', `The scan worker failed: ${err.message}`));
    worker.on('exit', () => this.retire(slot, 'internal_error', 'The scan worker exited unexpectedly.'));
    void this.pump();
  }

  private assign(slot: Slot, task: Task): void {
    slot.tasks.push(task);
    if (slot.tasks.length === 1) this.armDeadline(slot);
    slot.worker.postMessage(task.request);
  }

  /** The deadline of the task the worker is running now (the first it holds). */
  private armDeadline(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(
      () => this.retire(slot, 'parse_timeout', `Scanning took longer than ${this.timeoutMs} ms and was stopped; the file is too large or too deeply nested.`),
      this.timeoutMs,
    );
  }

  /**
   * Drops a worker (timed out, crashed or exited) and fails the task it was running; the tasks queued
   * behind it never started, so they go back to the front of the queue for a fresh worker.
   */
  private retire(slot: Slot, code: 'parse_timeout' | 'internal_error', message: string): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    const [running, ...unstarted] = slot.tasks.splice(0);
    running?.resolve({ id: running.request.id, error: { code, message } });
    this.queue.unshift(...unstarted);
    if (!slot.ready) {
      this.broken = message;
      this.failAll(message);
    }
    if (!this.closed) void this.pump();
  }

  private failAll(message: string): void {
    for (const task of this.queue.splice(0)) task.resolve({ id: task.request.id, error: { code: 'internal_error', message } });
  }
}
