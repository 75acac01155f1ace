// Worker-thread entry for bounded scans: napi calls are synchronous, so a file that takes too long
// can only be stopped by terminating the thread it runs on. Loads the rules once per worker.
import { parentPort, workerData } from 'node:worker_threads';
import { scanCode } from './engine.js';
import { fixCode } from './fix.js';
import { DEFAULT_RULES_DIR, loadRules, RuleIndex } from './rules.js';
import type { WorkerReply, WorkerRequest } from './scan-pool.js';

const ruleDirs: string[] = (workerData as { ruleDirs?: string[] } | undefined)?.ruleDirs ?? [DEFAULT_RULES_DIR];
// A rule that fails to load throws here, which the pool sees as a worker error before 'ready'.
const index = new RuleIndex(loadRules(ruleDirs));

function handle(request: WorkerRequest): WorkerReply {
  if (request.kind === 'scan') {
    return { id: request.id, scan: scanCode(request.code, { language: request.language, rules: index, minSeverity: request.minSeverity }) };
  }
  return { id: request.id, fix: fixCode(request.code, { language: request.language, rules: index }) };
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = handle(request);
  } catch (err) {
    reply = { id: request.id, error: { code: 'internal_error', message: (err as Error).message } };
  }
  parentPort?.postMessage(reply);
});

parentPort?.postMessage('ready');
