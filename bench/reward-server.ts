// Benchmark: 512 HumanEval-derived rollouts scored through the real HTTP server (/get_reward) by 64
// concurrent one-sample clients: warm fork-server sandbox vs the anchor, a cold interpreter per program.
// The clients run in a child process, as an RL engine's workers would, so the server's event loop is
// the only thing in this process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractCode } from '../src/analysis/extract.js';
import { Sandbox } from '../src/sandbox/index.js';
import { ColdProgram } from '../src/sandbox/cold-runner.js';
import { resolveLanguage } from '../src/sandbox/languages/index.js';
import { resolveLimits } from '../src/sandbox/options.js';
import type { TestReport } from '../src/sandbox/results.js';
import { buildServer } from '../src/server/app.js';
import { defaultRewardConfig } from '../src/reward/config.js';
import { RewardScorer } from '../src/reward/scorer.js';
import type { TestRunner } from '../src/reward/types.js';
import { buildRollouts, HUMANEVAL_FILE, loadHumanEval, VARIANTS, type Rollout } from './reward-rollouts.js';

const ROLLOUTS = Number(process.env.ROLLOUTS ?? 512);
const CLIENTS = Number(process.env.CLIENTS ?? 64);
/** Detector worker threads, as `codeward serve` uses them (one per core, at most 4); 0 scans on the event loop. */
const SCAN_WORKERS = Number(process.env.SCAN_WORKERS ?? Math.min(availableParallelism(), 4));

const problems = loadHumanEval();
if (!problems) {
  console.log(`skipped: ${HUMANEVAL_FILE} is absent`);
  process.exit(0);
}
const rollouts = buildRollouts(problems, ROLLOUTS);

/**
 * The anchor: every program runs in a fresh `bwrap … python3` (no fork server), HumanEval's check()
 * appended to the program, mapped onto the same TestReport fields.
 */
class ColdInterpreterRunner implements TestRunner {
  private readonly python = resolveLanguage('python');

  async runTests(request: { code: string; tests: unknown; timeoutMs?: number }): Promise<TestReport> {
    const spec = request.tests as { test: string; entry_point: string };
    const marker = '__codeward_all_tests_passed__';
    const source = `${request.code}\n\n${spec.test}\n\ncheck(${spec.entry_point})\nprint(${JSON.stringify(marker)})\n`;
    const program = new ColdProgram(this.python, source, resolveLimits({ runTimeoutMs: request.timeoutMs ?? 10_000 }));
    try {
      await program.prepare();
      const run = await program.run();
      const syntaxError = /\b(SyntaxError|IndentationError|TabError)\b/.test(run.stderr);
      const passed = run.status === 'ok' && run.stdout.includes(marker);
      return {
        status: passed ? 'passed' : syntaxError ? 'syntax_error' : run.status === 'ok' ? 'wrong_answer' : run.status,
        cases: [],
        syntax_valid: !syntaxError,
        compiled: !syntaxError,
        // As the fork-server harness reports it: a failed assertion still ran and produced a (wrong) result.
        executed_without_error: passed || /AssertionError/.test(run.stderr),
        produced_output: passed || /AssertionError/.test(run.stderr),
        tests_passed: passed ? 1 : 0,
        tests_total: 1,
        durationMs: run.durationMs,
      };
    } finally {
      program.dispose();
    }
  }
}

// CLIENTS keep-alive clients, each posting one sample at a time until the rollouts run out; prints one
// {variant, reward, error, ms} entry per rollout as JSON.
const CLIENT_SCRIPT = `
const http = require('node:http');
const fs = require('node:fs');
const [url, clients, file] = process.argv.slice(1);
const rows = fs.readFileSync(file, 'utf8').trim().split('\\n').map((l) => JSON.parse(l));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(clients) });
const target = new URL(url);
const results = [];
function post(row) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: '/get_reward', method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(row.body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const body = JSON.parse(text);
        resolve({ variant: row.variant, reward: body.rewards[0], error: Boolean(body.errors && body.errors[0]), ms: performance.now() - started });
      });
    });
    req.on('error', () => resolve({ variant: row.variant, reward: 0, error: true, ms: performance.now() - started }));
    req.end(row.body);
  });
}
let next = 0;
(async () => {
  await Promise.all(Array.from({ length: Number(clients) }, async () => {
    while (next < rows.length) results.push(await post(rows[next++]));
  }));
  process.stdout.write(JSON.stringify(results));
})();
`;

interface ClientResult {
  variant: string;
  reward: number;
  error: boolean;
  ms: number;
}

const workDir = mkdtempSync(join(tmpdir(), 'codeward-reward-bench-'));
const bodiesFile = join(workDir, 'bodies.jsonl');
writeFileSync(bodiesFile, rollouts.map((r) => JSON.stringify({ variant: r.variant, body: JSON.stringify({ query: [r.query], prompts: [r.prompt], labels: [r.label] }) })).join('\n'));

function runClients(address: string): Promise<ClientResult[]> {
  const child = spawn(process.execPath, ['-e', CLIENT_SCRIPT, address, String(CLIENTS), bodiesFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult[]) : reject(new Error(`client process exited ${code}`))));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface RunFigures {
  rate: number;
  p50: number;
  p99: number;
  rewardsByVariant: Record<string, number>;
  errors: number;
  /** Share of the wall time the server's event loop was busy: near 1 means CPU-bound here. */
  loopBusy: number;
}

/** Serves the rollouts over a real socket to CLIENTS concurrent clients, one sample per request. */
async function serveAndScore(name: string, sandbox: TestRunner): Promise<RunFigures> {
  // The report cache is off so every program really runs (the rollouts are distinct anyway).
  const scorer = new RewardScorer({ config: defaultRewardConfig({ functional: { cacheSize: 0 } }), sandbox, scanWorkers: SCAN_WORKERS });
  const app = await buildServer({ context: { rewardScorer: scorer } });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const post = async (r: Rollout) => {
    const res = await fetch(`${address}/get_reward`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: [r.query], prompts: [r.prompt], labels: [r.label] }) });
    return (await res.json()) as { rewards: number[]; errors: (unknown | null)[] };
  };
  // Warm-up: rule set load, parsers and every scan worker busy at least once.
  await Promise.all(rollouts.slice(0, 2 * SCAN_WORKERS + 2).map(post));
  const rewards = new Map<string, number[]>();
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  const results = await runClients(address);
  const latencies = results.map((r) => r.ms);
  const errors = results.filter((r) => r.error).length;
  for (const r of results) rewards.set(r.variant, [...(rewards.get(r.variant) ?? []), r.reward]);
  const seconds = (performance.now() - started) / 1000;
  const loopBusy = performance.eventLoopUtilization(loopBefore).utilization;
  await app.close();
  await scorer.close();
  const figures: RunFigures = {
    rate: rollouts.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rewardsByVariant: Object.fromEntries(VARIANTS.map((v) => [v, (rewards.get(v) ?? []).reduce((a, b) => a + b, 0) / (rewards.get(v)?.length || 1)])),
    errors,
    loopBusy,
  };
  console.log(`${name.padEnd(36)} ${figures.rate.toFixed(1).padStart(7)} samples/s  p50 ${figures.p50.toFixed(0).padStart(6)} ms  p99 ${figures.p99.toFixed(0).padStart(6)} ms  errors ${errors}  event loop busy ${(loopBusy * 100).toFixed(0)}%`);
  return figures;
}

/** The ceiling: the same programs straight into runTests, no HTTP and no reward computation. */
async function sandboxOnly(sandbox: Sandbox): Promise<number> {
  const jobs = rollouts.flatMap((r) => {
    const code = extractCode(r.response)[0]?.code;
    return code ? [{ code, tests: (JSON.parse(r.label) as { tests: unknown }).tests }] : [];
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        await sandbox.runTests({ language: 'python', code: job.code, tests: job.tests });
      }
    }),
  );
  const rate = jobs.length / ((performance.now() - started) / 1000);
  console.log(`${'(c) sandbox runTests alone (ceiling)'.padEnd(36)} ${rate.toFixed(1).padStart(7)} programs/s`);
  return rate;
}

console.log(`reward server: ${rollouts.length} rollouts (${VARIANTS.join(', ')}) from ${problems.length} HumanEval problems, ${CLIENTS} concurrent one-sample clients, ${availableParallelism()} cores, ${SCAN_WORKERS} scan workers`);
const warmSandbox = new Sandbox(process.env.FORK_SERVERS ? { size: Number(process.env.FORK_SERVERS) } : {});
const warm = await serveAndScore('(b) warm fork-server sandbox', warmSandbox);
const ceiling = await sandboxOnly(warmSandbox);
await warmSandbox.close();
if (process.env.SKIP_ANCHOR === '1') {
  rmSync(workDir, { recursive: true, force: true });
  process.exit(0); // profiling the warm path only
}
const cold = await serveAndScore('(a) cold interpreter per program', new ColdInterpreterRunner());

console.log('');
console.log('mean reward by variant (warm | cold):');
for (const v of VARIANTS) console.log(`  ${v.padEnd(11)} ${warm.rewardsByVariant[v].toFixed(3).padStart(7)} | ${cold.rewardsByVariant[v].toFixed(3).padStart(7)}`);
console.log('');
console.log(`throughput: ${warm.rate.toFixed(0)} samples/s   [target >= 150]`);
console.log(`p99 latency: ${warm.p99.toFixed(0)} ms (cold anchor ${cold.p99.toFixed(0)} ms)`);
console.log(`speed-up over the cold interpreter anchor: ${(warm.rate / cold.rate).toFixed(1)}x`);
console.log(`reward server / sandbox ceiling (same run): ${((warm.rate / ceiling) * 100).toFixed(0)}% (programs with code only in the ceiling)`);
rmSync(workDir, { recursive: true, force: true });
