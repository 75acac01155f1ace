// Benchmark: the 164 HumanEval canonical solutions with their tests, (a) a cold `bwrap … python3`
// per program (the anchor) vs (b) the warm fork server; plus the trivial-program overhead.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { packageRoot } from '../src/shared/paths.js';
import { Sandbox } from '../src/sandbox/index.js';
import { defaultPoolSize } from '../src/sandbox/forkserver/pool.js';
import { ColdProgram } from '../src/sandbox/cold-runner.js';
import { resolveLanguage, type LanguageSpec } from '../src/sandbox/languages/index.js';
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
// Both arms get the same parallelism: the pool's default size (cores + 1) runs for each.
const poolSize = defaultPoolSize();
const rounds = Number(process.env.ROUNDS ?? 2);
const passes = Number(process.env.PASSES ?? 5);

const TICK_MS = 10;

/** CPU ms used by this process and every descendant, live or reaped (a reaped process's time sits
 *  in its reaper's cutime, a live one's in its own utime), so each process counts exactly once. */
function cpuMs(): number {
  const fields = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const parents = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      parents.set(pid, fields(pid)[1]);
    } catch {
      // Gone while we looked.
    }
  }
  const mine = String(process.pid);
  let ticks = 0;
  for (const pid of [mine, ...parents.keys()]) {
    let up: string | undefined = pid;
    while (up && up !== mine && up !== '0') up = parents.get(up);
    if (up !== mine) continue;
    try {
      const f = fields(pid);
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // Gone while we looked.
    }
  }
  return ticks * TICK_MS;
}

/** The machine's CPU time split from /proc/stat (all cores, in ticks): what was stolen by the
 *  hypervisor and what stayed idle says how much of a slow pass was the host's doing. */
function hostTicks(): { busy: number; idle: number; steal: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs jobs with a fixed number in flight; returns per-job latencies and wall time. */
async function measure<T>(jobs: (() => Promise<T>)[], inFlight: number): Promise<{ latencies: number[]; seconds: number; results: T[]; cpuMsPerJob: number }> {
  const latencies: number[] = [];
  const results: T[] = [];
  let next = 0;
  const cpuBefore = cpuMs();
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
  const seconds = (performance.now() - started) / 1000;
  return { latencies, seconds, results, cpuMsPerJob: (cpuMs() - cpuBefore) / jobs.length };
}

function line(name: string, m: { latencies: number[]; seconds: number; cpuMsPerJob: number }): number {
  const rate = m.latencies.length / m.seconds;
  console.log(`${name.padEnd(34)} ${String(m.latencies.length).padStart(5)} runs  ${rate.toFixed(1).padStart(7)} programs/s  p50 ${percentile(m.latencies, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(m.latencies, 99).toFixed(1).padStart(6)} ms  cpu ${m.cpuMsPerJob.toFixed(1).padStart(5)} ms/program`);
  return rate;
}

const python = resolveLanguage('python');
const limits = resolveLimits({ runTimeoutMs: 10_000 });
const fullProgram = (p: Problem) => `${p.prompt}${p.canonical_solution}\n${p.test}\ncheck(${p.entry_point})\n`;

console.log(`HumanEval canonical solutions: ${problems.length} programs, ${concurrency} cores, ${poolSize} in parallel for both arms, load average ${loadavg()[0].toFixed(1)} (others share this machine)`);

type Measured<T> = Awaited<ReturnType<typeof measure<T>>>;

/** Several passes pooled: all latencies, total time and CPU, and each pass's throughput. */
function pooled<T>(passes: Measured<T>[]): Measured<T> & { rates: number[] } {
  const jobs = passes.reduce((n, m) => n + m.results.length, 0);
  return {
    latencies: passes.flatMap((m) => m.latencies),
    results: passes.flatMap((m) => m.results),
    seconds: passes.reduce((t, m) => t + m.seconds, 0),
    cpuMsPerJob: passes.reduce((t, m) => t + m.cpuMsPerJob * m.results.length, 0) / jobs,
    rates: passes.map((m) => m.results.length / m.seconds),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** One program in its own cold bwrap sandbox: prepare (compile), run, clean up. */
async function runCold(language: LanguageSpec, code: string) {
  const program = new ColdProgram(language, code, limits);
  try {
    await program.prepare();
    return await program.run();
  } finally {
    program.dispose();
  }
}
const coldJobs = problems.map((p) => async () => (await runCold(python, fullProgram(p))).status);
const sandbox = new Sandbox();
await sandbox.runCode({ language: 'python', code: 'pass' });
const warmPass = Array.from({ length: rounds }, () => problems.map((p) => () => sandbox.runTests({ language: 'python', code: p.canonical_solution, tests: { prompt: p.prompt, test: p.test, entry_point: p.entry_point } }))).flat();

// The host's speed drifts by tens of percent from minute to minute: the arms alternate pass by pass so
// both see the same conditions, and the figures are medians over the passes with every pass shown.
const coldPasses: Measured<string>[] = [];
const warmPasses: Measured<Awaited<ReturnType<Sandbox['runTests']>>>[] = [];
const warmHost = { busy: 0, idle: 0, steal: 0 };
for (let pass = 0; pass < passes; pass++) {
  coldPasses.push(await measure(coldJobs, poolSize));
  const before = hostTicks();
  warmPasses.push(await measure(warmPass, poolSize * 2));
  const after = hostTicks();
  for (const key of ['busy', 'idle', 'steal'] as const) warmHost[key] += after[key] - before[key];
  console.log(`  pass ${pass + 1}: (a) ${(coldPasses[pass].results.length / coldPasses[pass].seconds).toFixed(1)} programs/s, (b) ${(warmPasses[pass].results.length / warmPasses[pass].seconds).toFixed(1)} programs/s`);
}
const cold = pooled(coldPasses);
const warm = pooled(warmPasses);
line(`(a) cold bwrap python3 (anchor) x${passes}`, cold);
line(`(b) fork server runTests x${passes * rounds}`, warm);
const coldRate = median(cold.rates);
const warmRate = median(warm.rates);
const coldPassed = coldPasses[0].results.filter((s) => s === 'ok').length;
const warmPassed = warm.results.filter((r) => r.status === 'passed').length;

const trivial = await measure(Array.from({ length: 300 }, () => () => sandbox.runCode({ language: 'python', code: 'pass' })), 1);
const trivialInside = trivial.results.map((r) => r.durationMs);
line('trivial `pass`, fork server, serial', trivial);
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
const trivialIdle = await measure(Array.from({ length: 150 }, () => async () => {
  await pause();
  const t = performance.now();
  const r = await sandbox.runCode({ language: 'python', code: 'pass' });
  return { r, ms: performance.now() - t };
}), 1);
const idleLatencies = trivialIdle.results.map((x) => x.ms);
const coldTrivial = await measure(Array.from({ length: 40 }, () => () => runCold(python, 'pass')), 1);
line('trivial `pass`, cold bwrap python3', coldTrivial);
const node = resolveLanguage('javascript');
const coldNode = await measure(Array.from({ length: 20 }, () => () => runCold(node, '')), 1);
line('trivial JS, cold bwrap node', coldNode);
await sandbox.close();

console.log('');
console.log(`passed: cold ${coldPassed}/${problems.length} (first pass), fork server ${warmPassed}/${warm.results.length}`);
console.log(`median of ${passes} passes: (a) ${coldRate.toFixed(1)} programs/s (range ${Math.min(...cold.rates).toFixed(1)}-${Math.max(...cold.rates).toFixed(1)}), (b) ${warmRate.toFixed(1)} programs/s (range ${Math.min(...warm.rates).toFixed(1)}-${Math.max(...warm.rates).toFixed(1)})`);
console.log(`speed-up (b)/(a): ${(warmRate / coldRate).toFixed(1)}x throughput, ${(cold.cpuMsPerJob / warm.cpuMsPerJob).toFixed(1)}x less CPU per program   [target >= 5x]`);
console.log(`CPU-bound capacity of (b) on ${concurrency} idle cores: ${((concurrency * 1000) / warm.cpuMsPerJob).toFixed(0)} programs/s (cpu ${warm.cpuMsPerJob.toFixed(2)} ms/program; load average now ${loadavg()[0].toFixed(1)})`);
console.log(`fork server throughput: ${warmRate.toFixed(0)} programs/s   [target >= 300]`);
const hostTotal = warmHost.busy + warmHost.idle + warmHost.steal;
console.log(`machine during (b): ${((100 * warmHost.busy) / hostTotal).toFixed(0)}% busy, ${((100 * warmHost.idle) / hostTotal).toFixed(0)}% idle, ${((100 * warmHost.steal) / hostTotal).toFixed(0)}% stolen by the hypervisor`);
console.log(`trivial overhead p50: ${percentile(trivial.latencies, 50).toFixed(2)} ms end-to-end back-to-back, ${percentile(idleLatencies, 50).toFixed(2)} ms arriving at an idle pool (p99 ${percentile(idleLatencies, 99).toFixed(2)}), ${percentile(trivialInside, 50).toFixed(2)} ms start-to-exit inside the worker   [target <= 3 ms]`);
console.log(`cold trivial p50: python ${percentile(coldTrivial.latencies, 50).toFixed(1)} ms, node ${percentile(coldNode.latencies, 50).toFixed(1)} ms`);
