// One warm Python fork server: a bwrap sandbox running worker.py, spoken to in JSON lines over
// stdin/stdout, one request at a time. A worker that dies, hangs or reports taint is discarded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { packagePath } from '../../shared/paths.js';
import { bwrapArgv } from '../isolation.js';
import { PYTHON_BIN } from '../languages/python.js';
import { closeFd, openSeccompFd } from '../seccomp.js';
import type { WorkerEvent, WorkerRequest, WorkerResponse } from './protocol.js';

/** worker.py sits next to this module in src/ and is looked up there from dist/ too. */
export function workerScriptPath(): string {
  const candidates = [packagePath('src', 'sandbox', 'forkserver', 'worker.py'), packagePath('dist', 'sandbox', 'forkserver', 'worker.py')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}

/** Where the worker's scripts appear inside its sandbox, whatever their host path. */
const WORKER_DIR = '/opt/codeward';

/** Where the zygote's C loop (native/zygote, built by npm install) is bound in the sandbox when built. */
const NATIVE_DIR = '/opt/codeward-native';

/** The built native/zygote library's directory, or null when it did not build (worker.py then loops in Python). */
export function nativeZygoteDir(): string | null {
  const dir = packagePath('native', 'zygote', 'build', 'Release');
  return existsSync(`${dir}/zygote.node`) ? dir : null;
}

export interface ForkServerWorkerOptions {
  /** Use the zygote's C loop when it is built (default); false runs the Python loop (tests cover both). */
  nativeZygote?: boolean;
}

/** A line from worker.py: the ready line, the retire line, or the answer to a request. */
type WorkerLine = WorkerResponse & { ready?: boolean; warmPages?: number; retired?: boolean; status?: string };

/** Extra time the worker gets beyond the run's own deadline before it is presumed hung. */
const WATCHDOG_SLACK_MS = 5000;

export class ForkServerWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private pending: { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private exited = false;
  readonly ready: Promise<void>;
  /** Template pages each child copies before its request arrives (worker.py's probe_warm_pages); 0 with the Python zygote loop. */
  warmPages = 0;

  constructor(
    private readonly onExit: (worker: ForkServerWorker) => void,
    options: ForkServerWorkerOptions = {},
  ) {
    const script = workerScriptPath();
    const fd3 = openSeccompFd();
    const readOnly = [{ host: dirname(script), sandbox: WORKER_DIR }];
    const native = options.nativeZygote === false ? null : nativeZygoteDir();
    if (native) readOnly.push({ host: native, sandbox: NATIVE_DIR });
    // LD_BIND_NOW: the dynamic loader resolves every symbol of python3.11 and its libraries at start-up,
    // once, instead of lazily in each forked child (a symbol lookup plus a copied GOT page each time:
    // ~10 fewer page faults a run). worker.py removes it from the environment its programs inherit.
    const argv = [...bwrapArgv({ workDir: null, readOnly, seccomp: fd3 !== null, asPid1: true, env: { LD_BIND_NOW: '1' } }), PYTHON_BIN, '-E', '-s', '-S', '-B', `${WORKER_DIR}/${basename(script)}`, ...(native ? [`--native-zygote=${NATIVE_DIR}/zygote.node`] : [])];
    try {
      this.child = spawn(argv[0], argv.slice(1), { stdio: fd3 === null ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', fd3], detached: true, env: {} }) as ChildProcessWithoutNullStreams;
    } finally {
      closeFd(fd3);
    }
    this.ready = new Promise((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
    });
    this.ready.catch(() => {});
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => this.onLine(line));
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    this.child.stdin.on('error', () => {});
    this.child.on('error', (err) => this.fail(new Error(`fork server could not start: ${err.message}`)));
    this.child.on('close', (code, signal) => this.fail(new Error(`fork server exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`)));
  }

  get alive(): boolean {
    return !this.exited;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  execute(request: WorkerRequest): Promise<WorkerResponse> {
    if (this.exited) return Promise.reject(new Error('fork server is gone'));
    if (this.pending) return Promise.reject(new Error('fork server is busy'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error('fork server stopped answering'));
      }, request.timeoutMs + WATCHDOG_SLACK_MS);
      this.pending = { resolve, reject, timer };
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  kill(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  private onLine(line: string): void {
    let message: WorkerLine;
    try {
      message = JSON.parse(line) as WorkerLine;
      // The handler passes the harness's event lines as written (`status`); error answers carry none.
      message.events = parseEvents(message.status ?? '');
      delete message.status;
    } catch {
      this.fail(new Error('fork server sent garbage'));
      return;
    }
    if (message.ready) {
      this.warmPages = message.warmPages ?? 0;
      this.readyWaiter?.resolve();
      this.readyWaiter = null;
      return;
    }
    if (message.retired) {
      // The cleanup after its last (already answered) run failed; a request sent since never started.
      this.fail(new WorkerRetiredError());
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(message);
    if (message.tainted) this.fail(new Error('fork server tainted'));
  }

  private fail(error: Error): void {
    if (this.exited) return;
    this.exited = true;
    this.kill();
    this.readyWaiter?.reject(error);
    this.readyWaiter = null;
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.reject(error);
      this.pending = null;
    }
    this.onExit(this);
  }
}

/** A worker that left service between runs: the request it was handed never ran and can go elsewhere. */
export class WorkerRetiredError extends Error {
  constructor() {
    super('fork server retired: the sandbox could not be cleaned after its last run');
  }
}

/** The harness's event lines (fd 3 of the child): one JSON object a line; anything else is skipped. */
export function parseEvents(text: string): WorkerEvent[] {
  const events: WorkerEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event: unknown = JSON.parse(line);
      if (event && typeof event === 'object' && !Array.isArray(event)) events.push(event as WorkerEvent);
    } catch {
      // A truncated or garbled line: the verdicts it carried are missing, as a crashed child's would be.
    }
  }
  return events;
}
