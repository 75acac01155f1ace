// Detector cost in instructions, counted by valgrind's callgrind: unlike seconds on this shared 2-core VM
// (whose speed drifts by tens of percent within minutes), the counts repeat run after run. Each kind of work
// runs over the Python corpus of bench/detector-speed.ts for 1 and for 3 rounds; the difference over two
// rounds gives the instructions per file with start-up, imports and JIT warm-up cancelled out. The anchors:
// napi's bare parse (target: scan ≤ 2x) and Bandit on the same files (copies of them, same subtraction).
// Slow: callgrind runs ~50x slower than the machine, about 25 minutes in all (SKIP_NAPI=1 skips the slowest
// engine, napi's findAll per rule, saving a third).
// Run: npx vite-node bench/detector-instructions.ts   (needs valgrind and the build: npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { humanEvalProgram, loadCyberSecEval, loadHumanEval } from '../src/eval/detector/data.js';

const runner = fileURLToPath(new URL('./instructions-runner.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/analysis/engine.js', import.meta.url));

/** Instructions callgrind counts for a command (0 when valgrind is missing or the command fails). */
function instructions(command: string[]): number {
  const out = join(tmpdir(), `codeward-callgrind-${process.pid}.out`);
  const run = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, ...command], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  rmSync(out, { force: true });
  const collected = /Collected : (\d+)/.exec(run.stderr ?? '');
  if (!collected) throw new Error(`callgrind failed for ${command.join(' ')}: ${(run.stderr ?? '').slice(-500)}`);
  return Number(collected[1]);
}

const humanEval = loadHumanEval();
const cyberSecEval = loadCyberSecEval();
if (!humanEval || !cyberSecEval) {
  console.log('detector-instructions: skipped, ../shared/data is missing.');
  process.exit(0);
}
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.log('detector-instructions: skipped, valgrind is not installed (apt-get install valgrind).');
  process.exit(0);
}
if (!existsSync(dist)) {
  console.log('detector-instructions: skipped, build first: npm run build');
  process.exit(0);
}
const snippets = [...humanEval.map(humanEvalProgram), ...cyberSecEval.filter((r) => r.language === 'python').map((r) => r.code)];
const files = snippets.length;
console.log(`corpus: ${files} Python files; instructions per file = (3 rounds - 1 round) / (2 x ${files})\n`);

const perFile = (mode: string) => (instructions(['node', runner, mode, '3']) - instructions(['node', runner, mode, '1'])) / (2 * files);
const modes = (
  [
    ['parse-napi', 'bare tree-sitter parse (napi)'],
    ['parse-flat', 'native parse + flat export'],
    ['scan', 'scan, compiled engine on the flat tree (default)'],
    ['scan-napi-tree', 'scan, compiled engine on napi\'s tree'],
    ['scan-napi', 'scan, napi findAll per rule'],
  ] as const
).filter(([mode]) => !(process.env.SKIP_NAPI === '1' && mode === 'scan-napi'));
const counts: Record<string, number> = {};
for (const [mode, label] of modes) {
  counts[mode] = perFile(mode);
  console.log(`  ${label.padEnd(50)} ${(counts[mode] / 1e6).toFixed(3)} M instructions/file   ${(counts[mode] / counts['parse-napi']).toFixed(2)}x napi parse`);
}

// Bandit: one run over the files, one over the files twice (as copies); the difference is Bandit's work on
// `files` files, its start-up cancelled out.
const dir = mkdtempSync(join(tmpdir(), 'codeward-instr-'));
try {
  const once = join(dir, 'once');
  const twice = join(dir, 'twice');
  for (const [target, copies] of [[once, 1], [twice, 2]] as const) {
    spawnSync('mkdir', ['-p', target]);
    for (let copy = 0; copy < copies; copy++) snippets.forEach((code, i) => writeFileSync(join(target, `c${copy}_f${i}.py`), code));
  }
  if (spawnSync('bandit', ['--version']).status !== 0) {
    console.log('\nBandit: skipped (not installed: apt-get install bandit)');
  } else {
    const bandit = (target: string) => instructions(['bandit', '-q', '-r', '-f', 'json', '-o', join(dir, 'out.json'), target]);
    const banditPerFile = (bandit(twice) - bandit(once)) / files;
    console.log(`\nanchor: Bandit ${(banditPerFile / 1e6).toFixed(3)} M instructions/file (start-up excluded)`);
    console.log(`  Bandit / codeward scan (default engine): ${(banditPerFile / counts.scan).toFixed(1)}x fewer instructions per file for codeward (target: 10x the throughput)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nscan / napi parse: ${(counts.scan / counts['parse-napi']).toFixed(2)}x (target ≤ 2x)`);
