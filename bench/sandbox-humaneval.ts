// Benchmark: the 164 HumanEval canonical solutions with their tests, (a) a cold `bwrap … python3`
// per program (the anchor) vs (b) the warm fork server; plus the trivial-program overhead.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { packageRoot } from '../src/shared/paths.js';
import { Sandbox } from '../src/sandbox/index.js';
import { ColdProgram } from '../src/sandbox/cold-runner.js';
import { resolveLanguage } from '../src/sandbox/languages/index.js';
import { resolveLimits } from '../src/sandbox/options.js';

interface Problem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

const dataFile = join(packageRoot(), '..', 'shared', 'data', 'utility-humaneval.jsonl');
if (!existsSync(dataFile)) {
  console.log(`skipped: ${dataFile} is absent`);
  process.exit(0);
}
const problems: Problem[] = readFileSync(dataFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Problem);
const concurrency = availableParallelism();
const rounds = Number(process.env.ROUNDS ?? 3);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs jobs with a fixed number in flight; returns per-job latencies and wall time. */
async function measure<T>(jobs: (() => Promise<T>)[], inFlight: number): Promise<{ latencies: number[]; seconds: number; results: T[] }> {
  const latencies: number[] = [];
  const results: T[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const t = performance.now();
        results.push(await job());
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, results };
}

function line(name: string, m: { latencies: number[]; seconds: number }): number {
  const rate = m.latencies.length / m.seconds;
  console.log(`${name.padEnd(34)} ${String(m.latencies.length).padStart(5)} runs  ${rate.toFixed(1).padStart(7)} programs/s  p50 ${percentile(m.latencies, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(m.latencies, 99).toFixed(1).padStart(6)} ms`);
  return rate;
}

const python = resolveLanguage('python');
const limits = resolveLimits({ runTimeoutMs: 10_000 });
const fullProgram = (p: Problem) => `${p.prompt}${p.canonical_solution}\n${p.test}\ncheck(${p.entry_point})\n`;

console.log(`HumanEval canonical solutions: ${problems.length} programs, ${concurrency} cores, ${concurrency} in flight`);

const cold = await measure(
  problems.map((p) => async () => {
    const program = new ColdProgram(python, fullProgram(p), limits);
    try {
      await program.prepare();
      return (await program.run()).status;
    } finally {
      program.dispose();
    }
  }),
  concurrency,
);
const coldRate = line('(a) cold bwrap python3 (anchor)', cold);
const coldPassed = cold.results.filter((s) => s === 'ok').length;

const sandbox = new Sandbox();
await sandbox.runCode({ language: 'python', code: 'pass' });
const warmJobs = Array.from({ length: rounds }, () => problems.map((p) => () => sandbox.runTests({ language: 'python', code: p.canonical_solution, tests: { prompt: p.prompt, test: p.test, entry_point: p.entry_point } }))).flat();
const warm = await measure(warmJobs, concurrency * 2);
const warmRate = line(`(b) fork server runTests x${rounds}`, warm);
const warmPassed = warm.results.filter((r) => r.status === 'passed').length;

const trivial = await measure(Array.from({ length: 300 }, () => () => sandbox.runCode({ language: 'python', code: 'pass' })), 1);
const trivialInside = trivial.results.map((r) => r.durationMs);
line('trivial `pass`, fork server, serial', trivial);
const coldTrivial = await measure(
  Array.from({ length: 40 }, () => async () => {
    const program = new ColdProgram(python, 'pass', limits);
    await program.prepare();
    const r = await program.run();
    program.dispose();
    return r;
  }),
  1,
);
line('trivial `pass`, cold bwrap python3', coldTrivial);
const node = resolveLanguage('javascript');
const coldNode = await measure(
  Array.from({ length: 20 }, () => async () => {
    const program = new ColdProgram(node, '', limits);
    await program.prepare();
    const r = await program.run();
    program.dispose();
    return r;
  }),
  1,
);
line('trivial JS, cold bwrap node', coldNode);
await sandbox.close();

console.log('');
console.log(`passed: cold ${coldPassed}/${problems.length}, fork server ${warmPassed}/${warm.results.length}`);
console.log(`speed-up (b)/(a): ${(warmRate / coldRate).toFixed(1)}x   [target >= 5x]`);
console.log(`fork server throughput: ${warmRate.toFixed(0)} programs/s   [target >= 300]`);
console.log(`trivial overhead p50: ${percentile(trivial.latencies, 50).toFixed(2)} ms end-to-end, ${percentile(trivialInside, 50).toFixed(2)} ms fork-to-exit inside the worker   [target <= 3 ms]`);
console.log(`cold trivial p50: python ${percentile(coldTrivial.latencies, 50).toFixed(1)} ms, node ${percentile(coldNode.latencies, 50).toFixed(1)} ms`);
