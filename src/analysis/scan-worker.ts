// Worker-thread entry for bounded scans: napi calls are synchronous, so a file that takes too long
// can only be stopped by terminating the thread it runs on. Its rules come from the pool, parsed once.
import { parentPort, workerData } from 'node:worker_threads';
import { scanCode } from './engine.js';
import { fixCode } from './fix.js';
import { defaultRuleIndex, RuleIndex, type Rule } from './rules.js';
import type { WorkerReply, WorkerRequest } from './scan-pool.js';

// The pool parsed the rules once and sends them along; a worker started without them loads the shipped set.
const rules = (workerData as { rules?: Rule[] } | undefined)?.rules;
const index = rules ? new RuleIndex(rules) : defaultRuleIndex();

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
