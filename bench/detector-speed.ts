// Detector speed on Python: codeward's in-process scan (full rule set) against the bare tree-sitter
// parse and against Bandit on the same files (HumanEval programs with tests + CyberSecEval Python snippets),
// plus the scan with every rule loaded twice to show the cost does not grow with the rule count. Three
// engines: the compiled one on the native parser's flat tree (the default), the compiled one on napi's tree
// (engine: 'napi-tree') and napi's findAll per rule (engine: 'napi'). Each engine is measured in a process of
// its own, as a user runs one: in a shared process the matcher's code sees both tree classes and V8 compiles it
// for both (measured: the default engine 40% slower than alone), which no real scan pays. The engines' processes
// run the build with plain node (bench/detector-speed-engine.mjs), as the CLI and library consumers do; this
// script builds it first.
// Run: npx vite-node bench/detector-speed.ts
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeStatus } from '../src/analysis/native.js';
import { defaultRuleIndex } from '../src/analysis/rules.js';
import { packageRoot } from '../src/shared/paths.js';
import { humanEvalProgram, loadCyberSecEval, loadHumanEval } from '../src/eval/detector/data.js';

const ROUNDS = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

type Timing = { perSnippet: number[]; total: number };

function ensureBandit(): boolean {
  if (spawnSync('bandit', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  console.log('bandit not found; trying: apt-get install -y bandit');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const install = (args: string[]) => spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit' }).status === 0;
  install(['apt-get', 'update', '-qq']);
  install(['apt-get', 'install', '-y', '-qq', 'bandit']);
  return spawnSync('bandit', ['--version'], { stdio: 'ignore' }).status === 0;
}

const humanEval = loadHumanEval();
const cyberSecEval = loadCyberSecEval();
if (!humanEval || !cyberSecEval) {
  console.log('detector-speed: skipped, ../shared/data is missing (utility-humaneval.jsonl, code-cyberseceval-instruct.jsonl).');
  process.exit(0);
}
const snippets = [...humanEval.map(humanEvalProgram), ...cyberSecEval.filter((r) => r.language === 'python').map((r) => r.code)];
const bytes = snippets.reduce((n, s) => n + Buffer.byteLength(s), 0);
const rules = defaultRuleIndex();
console.log(`corpus: ${snippets.length} Python files (${humanEval.length} HumanEval programs with tests + ${snippets.length - humanEval.length} CyberSecEval snippets), ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`rules: ${rules.rules.length} (${rules.rules.filter((r) => r.languages.includes('python')).length} for Python); prefilter: ${JSON.stringify(rules.prefilterStats())}\n`);

const ENGINES = ['auto', 'napi-tree', 'napi'] as const;
type Engine = (typeof ENGINES)[number];
const engineName = { auto: 'compiled, flat tree', 'napi-tree': 'compiled, napi tree', napi: 'napi' } as const;
const fileName = (i: number) => `f${String(i).padStart(4, '0')}.py`;

/** What one engine's process measures (bench/detector-speed-engine.mjs): per-file best times, and whole passes. */
interface EngineRun {
  parse: Timing;
  flatParse?: Timing;
  scan: Timing;
  scan2: Timing;
  diskMs: number;
  /** The same files through a ScanPool of one worker per core, as the reward server scans (default engine only). */
  poolMs?: number;
}

const engineRunner = fileURLToPath(new URL('./detector-speed-engine.mjs', import.meta.url));

function runEngine(engine: Engine, dir: string): EngineRun {
  const child = spawnSync(process.execPath, [engineRunner, engine, dir, String(ROUNDS)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) throw new Error(`engine ${engine} failed: ${child.stderr}`);
  return JSON.parse(line) as EngineRun;
}

function banditPass(dir: string): number {
  const started = performance.now();
  // Bandit exits 1 when it finds issues; that is not a failure here.
  try {
    execFileSync('bandit', ['-q', '-r', '-f', 'json', '-o', join(tmpdir(), 'codeward-bandit.json'), dir], { stdio: 'ignore' });
  } catch {
    /* findings */
  }
  return performance.now() - started;
}

// The engines run on the build, as codeward's CLI and library consumers run it: build it now, from these sources.
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: packageRoot(), encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}${build.stdout}`);

const native = nativeStatus();
if (!native.available) console.log(`native parser not built (${native.reason}); the default engine runs on napi's tree: npm run build:native\n`);
const dir = mkdtempSync(join(tmpdir(), 'codeward-speed-'));
const PAIRS = 9;
let alternation: { bandit: number[]; codeward: number[] } | undefined;

/**
 * Bandit's pass and codeward's (default engine, warm process) back to back, PAIRS times: each pair sees the
 * same minute of this shared machine, whose speed drifts by tens of percent between minutes.
 */
async function alternate(files: string): Promise<{ bandit: number[]; codeward: number[] }> {
  const child = spawn(process.execPath, [engineRunner, 'auto', files, '1', 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the engine process for the alternation exited early');
    return String(value);
  };
  try {
    if ((await next()) !== 'ready') throw new Error('the engine process for the alternation did not start');
    const result = { bandit: [] as number[], codeward: [] as number[] };
    for (let pair = 0; pair < PAIRS; pair++) {
      result.bandit.push(banditPass(files));
      child.stdin.write('pass\n');
      result.codeward.push(Number(await next()));
    }
    return result;
  } finally {
    child.stdin.end();
    child.kill();
  }
}
const runs = {} as Record<Engine, EngineRun>;
const bandit = ensureBandit();
const banditMs: number[] = [];
try {
  snippets.forEach((code, i) => writeFileSync(join(dir, fileName(i)), code));
  // Bandit's passes (startup included, as `bandit -r` runs) alternate with the engines' processes.
  for (const engine of ENGINES) {
    if (bandit) banditMs.push(banditPass(dir));
    runs[engine] = runEngine(engine, dir);
  }
  if (bandit) alternation = await alternate(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const row = (name: string, t: Timing) =>
  console.log(`  ${name.padEnd(44)} median ${median(t.perSnippet).toFixed(3)} ms   total ${t.total.toFixed(0)} ms   ${(snippets.length / (t.total / 1000)).toFixed(0)} files/s`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(`in-process, one process per engine, best of ${ROUNDS} per file:`);
for (const engine of ENGINES) {
  const run = runs[engine];
  console.log(`${engineName[engine]}:`);
  row('bare tree-sitter parse (napi, same process)', run.parse);
  if (run.flatParse) row('native parse + flat export', run.flatParse);
  row(`scan, ${rules.rules.length} rules`, run.scan);
  row(`scan, ${rules.rules.length * 2} rules (2x)`, run.scan2);
  const { scan, scan2, parse } = run;
  console.log(`  scan / parse: ${(scan.total / parse.total).toFixed(2)}x total, ${(median(scan.perSnippet) / median(parse.perSnippet)).toFixed(2)}x median (target ≤ 2x)`);
  console.log(`  2x rules / 1x rules: ${(scan2.total / scan.total).toFixed(2)}x total, ${(median(scan2.perSnippet) / median(scan.perSnippet)).toFixed(2)}x median (flat = prefilter works)`);
  console.log(`  median per file: ${median(scan.perSnippet).toFixed(3)} ms (target ≤ 0.3 ms)`);
  for (const [name, from, to] of [['HumanEval (clean code)', 0, humanEval.length], ['CyberSecEval (vulnerable)', humanEval.length, snippets.length]] as const) {
    const p = parse.perSnippet.slice(from, to);
    const c = scan.perSnippet.slice(from, to);
    console.log(`  ${name.padEnd(26)} parse median ${median(p).toFixed(3)} ms, scan median ${median(c).toFixed(3)} ms, scan/parse ${(sum(c) / sum(p)).toFixed(2)}x total, ${(median(c) / median(p)).toFixed(2)}x median`);
  }
}
const napi = runs.napi.scan;
for (const engine of ENGINES.slice(0, -1)) {
  const { scan } = runs[engine];
  console.log(`${engineName[engine]} / napi: ${(scan.total / napi.total).toFixed(2)}x total time, ${(median(scan.perSnippet) / median(napi.perSnippet)).toFixed(2)}x median`);
}
console.log();

if (!bandit) {
  console.log('Bandit: skipped (not installed and apt-get install bandit failed); no anchor ratio this run.');
} else {
  const best = Math.min(...banditMs);
  console.log(`anchor: Bandit on the same files (one bandit -r process, startup included; best of ${banditMs.length} passes: ${banditMs.map((ms) => ms.toFixed(0)).join(', ')} ms)`);
  console.log(`  bandit`.padEnd(36) + `${best.toFixed(0)} ms  ${(best / snippets.length).toFixed(2)} ms/file  ${(snippets.length / (best / 1000)).toFixed(0)} files/s`);
  for (const engine of ENGINES) {
    const ms = runs[engine].diskMs;
    console.log(`  codeward (${engineName[engine]})`.padEnd(36) + `${ms.toFixed(0)} ms  ${(ms / snippets.length).toFixed(3)} ms/file  ${(snippets.length / (ms / 1000)).toFixed(0)} files/s  throughput ratio codeward / bandit: ${(best / ms).toFixed(1)}x (target ≥ 10x)`);
  }
  if (alternation) {
    const { bandit: b, codeward: c } = alternation;
    const pairRatios = b.map((ms, i) => ms / c[i]);
    console.log(`  alternating, ${PAIRS} pairs (Bandit pass, then codeward's pass in a warm process), ms: bandit ${b.map((x) => x.toFixed(0)).join(', ')}; codeward ${c.map((x) => x.toFixed(0)).join(', ')}`);
    console.log(`    best of each: ${(Math.min(...b) / Math.min(...c)).toFixed(1)}x; median of the pairs' ratios: ${median(pairRatios).toFixed(1)}x (range ${Math.min(...pairRatios).toFixed(1)}-${Math.max(...pairRatios).toFixed(1)}) (target ≥ 10x)`);
  }
  const poolMs = runs.auto.poolMs;
  if (poolMs !== undefined) {
    // Bandit has no parallel mode; this line is codeward using the machine's cores, as the reward server does.
    console.log(`  codeward ScanPool, ${availableParallelism()} workers`.padEnd(36) + `${poolMs.toFixed(0)} ms  ${(poolMs / snippets.length).toFixed(3)} ms/file  ${(snippets.length / (poolMs / 1000)).toFixed(0)} files/s  throughput ratio codeward / bandit: ${(best / poolMs).toFixed(1)}x, ${(runs.auto.diskMs / poolMs).toFixed(2)}x one thread's`);
  }
}
