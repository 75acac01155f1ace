// Runs one kind of detector work over the Python corpus for a number of rounds; bench/detector-instructions.ts
// counts its instructions under callgrind. Imports the build (dist/): vite-node's own work would swamp the count.
// Usage: node bench/instructions-runner.mjs parse-napi|parse-flat|scan|scan-napi-tree|scan-napi ROUNDS
const [mode, rounds] = [process.argv[2], Number(process.argv[3])];
const { parseSource, scanCode } = await import('../dist/analysis/engine.js');
const { parseFlat } = await import('../dist/analysis/compiled/flat-tree.js');
const { defaultRuleIndex } = await import('../dist/analysis/rules.js');
const { humanEvalProgram, loadCyberSecEval, loadHumanEval } = await import('../dist/eval/detector/data.js');
const files = [...loadHumanEval().map(humanEvalProgram), ...loadCyberSecEval().filter((r) => r.language === 'python').map((r) => r.code)];
const rules = defaultRuleIndex();
const work = {
  'parse-napi': (code) => parseSource(code, 'python'),
  'parse-flat': (code) => parseFlat(code, 'python'),
  scan: (code) => scanCode(code, { language: 'python', rules }),
  'scan-napi-tree': (code) => scanCode(code, { language: 'python', rules, engine: 'napi-tree' }),
  'scan-napi': (code) => scanCode(code, { language: 'python', rules, engine: 'napi' }),
}[mode];
if (!work) throw new Error(`unknown mode ${mode}`);
for (let round = 0; round < rounds; round++) for (const code of files) work(code);
console.log(JSON.stringify({ files: files.length }));
