// One engine's measurements for bench/detector-speed.ts, in a process of its own, on the build (dist/) as
// the CLI and library consumers run codeward. Not under vite-node: its module transform turns every imported
// binding into a property read on a module object, which cost 18% more instructions per scan pass than the
// build (callgrind, 686M vs 583M per pass over the 515 files).
// Usage: node bench/detector-speed-engine.mjs auto|napi-tree|napi DIR [ROUNDS] [serve]   (DIR holds the parent's f0000.py ...)
// With `serve` it only answers each `pass` line on stdin with one disk pass's ms (the parent alternates it with Bandit).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const { parseSource, scanCode } = await import('../dist/analysis/engine.js');
const { parseFlat } = await import('../dist/analysis/compiled/flat-tree.js');
const { nativeStatus } = await import('../dist/analysis/native.js');
const { defaultRuleIndex, RuleIndex } = await import('../dist/analysis/rules.js');
const { ScanPool } = await import('../dist/analysis/scan-pool.js');
const { humanEvalProgram, loadCyberSecEval, loadHumanEval } = await import('../dist/eval/detector/data.js');

const [engine, dir, rounds, mode] = process.argv.slice(2);
const ROUNDS = Number(rounds ?? 6);
const WARM_PASSES = 8;
const snippets = [...loadHumanEval().map(humanEvalProgram), ...loadCyberSecEval().filter((r) => r.language === 'python').map((r) => r.code)];
const rules = defaultRuleIndex();
const doubled = new RuleIndex([...rules.rules, ...rules.rules.map((r) => ({ ...r, id: `${r.id}-copy` }))]);
const fileName = (i) => join(dir, `f${String(i).padStart(4, '0')}.py`);

/**
 * Per-snippet times (ms) of several kinds of work, each snippet's fastest of ROUNDS. The kinds alternate
 * file by file, so load from other processes on this shared machine hits all of them alike.
 */
function timeEach(work) {
  const kinds = Object.keys(work);
  const best = Object.fromEntries(kinds.map((k) => [k, snippets.map(() => Infinity)]));
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates each round: whichever kind runs right after another on the same text finds warm caches.
    const order = kinds.map((_k, j) => kinds[(j + round) % kinds.length]);
    snippets.forEach((code, i) => {
      for (const k of order) {
        const started = performance.now();
        work[k](code);
        best[k][i] = Math.min(best[k][i], performance.now() - started);
      }
    });
  }
  return Object.fromEntries(kinds.map((k) => [k, { perSnippet: best[k], total: best[k].reduce((a, b) => a + b, 0) }]));
}

/** Best of 3 passes reading every file and scanning it in a warm ScanPool, one worker per core. */
async function poolPasses() {
  const pool = new ScanPool({ size: availableParallelism(), timeoutMs: 60_000 });
  try {
    const pass = async () => {
      const started = performance.now();
      const replies = await Promise.all(snippets.map((_s, i) => pool.run({ kind: 'scan', code: readFileSync(fileName(i), 'utf8'), language: 'python' })));
      if (replies.some((r) => r.error)) throw new Error(`pool scan failed: ${replies.find((r) => r.error).error.message}`);
      return performance.now() - started;
    };
    await pass(); // start-up and JIT warm-up in every worker
    let best = Infinity;
    for (let round = 0; round < 3; round++) best = Math.min(best, await pass());
    return best;
  } finally {
    await pool.close();
  }
}

// Warm-up: parser registration, rule compilation, JIT.
for (const code of snippets.slice(0, 50)) scanCode(code, { language: 'python', rules: doubled, engine });

/** codeward on the same files from disk, in-process (read + scan), like Bandit's run: one pass, in ms. */
function diskPass() {
  const started = performance.now();
  for (let i = 0; i < snippets.length; i++) scanCode(readFileSync(fileName(i), 'utf8'), { language: 'python', rules, engine });
  return performance.now() - started;
}

if (mode === 'serve') {
  // Alternation with Bandit: the parent writes a line per pass it wants and times Bandit in between.
  // Warm as a long-running scanner is (the one-off passes below run after thousands of timed scans): one
  // pass left V8 mid-way through optimizing, and the alternation's passes took 1.3x the one-off's.
  for (let pass = 0; pass < WARM_PASSES; pass++) diskPass();
  console.log('ready');
  for await (const line of (await import('node:readline')).createInterface({ input: process.stdin })) {
    if (line.trim() !== 'pass') break;
    console.log(String(diskPass()));
  }
  process.exit(0);
}
const work = {
  parse: (code) => parseSource(code, 'python'),
  scan: (code) => scanCode(code, { language: 'python', rules, engine }),
  scan2: (code) => scanCode(code, { language: 'python', rules: doubled, engine }),
};
if (engine === 'auto' && nativeStatus().available) work.flatParse = (code) => parseFlat(code, 'python');
const timed = timeEach(work);
// codeward on the same files from disk, in-process (read + scan), like Bandit's run; best of 3 passes.
let diskMs = Infinity;
for (let pass = 0; pass < 3; pass++) diskMs = Math.min(diskMs, diskPass());
const poolMs = engine === 'auto' ? await poolPasses() : undefined;
console.log(JSON.stringify({ parse: timed.parse, flatParse: timed.flatParse, scan: timed.scan, scan2: timed.scan2, diskMs, poolMs }));
