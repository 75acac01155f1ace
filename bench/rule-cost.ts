// Per-rule cost of the detector: each rule's compile+match time on a trivial tree (napi recompiles a rule on
// every findAll), its candidate cost on HumanEval and CyberSecEval, and the full scan against the bare parse.
// Run: npx vite-node bench/rule-cost.ts [--top N]. Anchor: the bare tree-sitter parse of the same snippet.
import { matchRules, parseSource, phpOpenTag, scanCode, selectRules } from '../src/analysis/engine.js';
import type { LanguageId } from '../src/analysis/languages.js';
import { defaultRuleIndex, type Rule } from '../src/analysis/rules.js';
import { humanEvalProgram, loadCyberSecEval, loadHumanEval } from '../src/eval/detector/data.js';

const TOP = Number(process.argv[process.argv.indexOf('--top') + 1]) || 15;
const ROUNDS = 5;
/** A few lines of ordinary code per language: the tree every rule is timed on without the corpus. */
const TRIVIAL: Partial<Record<LanguageId, string>> = {
  python: 'def f(x):\n    return x + 1\n',
  javascript: 'function f(x) { return x + 1; }\n',
  typescript: 'function f(x: number): number { return x + 1; }\n',
  c: 'int f(int x) { return x + 1; }\n',
  cpp: 'int f(int x) { return x + 1; }\n',
  java: 'class A { int f(int x) { return x + 1; } }\n',
  go: 'package main\nfunc f(x int) int { return x + 1 }\n',
  php: '<?php function f($x) { return $x + 1; }\n',
  ruby: 'def f(x)\n  x + 1\nend\n',
  csharp: 'class A { int F(int x) { return x + 1; } }\n',
  rust: 'fn f(x: i32) -> i32 { x + 1 }\n',
  bash: 'f() { echo "$1"; }\n',
};

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const quantile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] : NaN);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Fastest of ROUNDS runs, to damp a noisy shared machine. */
function best(work: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const index = defaultRuleIndex();

// ---- 1. every rule alone on a trivial tree, in each language it lists ----
interface TrivialCost {
  rule: Rule;
  language: LanguageId;
  ms: number;
}
const trivial: TrivialCost[] = [];
for (const rule of index.rules) {
  for (const language of rule.languages) {
    const code = TRIVIAL[language];
    if (code === undefined) continue;
    const root = parseSource(code, language);
    matchRules(root, [rule]); // warm-up
    trivial.push({ rule, language, ms: best(() => matchRules(root, [rule])) });
  }
}
trivial.sort((a, b) => b.ms - a.ms);
const byLanguage = new Map<string, number>();
for (const t of trivial) byLanguage.set(t.language, (byLanguage.get(t.language) ?? 0) + t.ms);
console.log(`rules: ${index.rules.length}; prefilter ${JSON.stringify(index.prefilterStats())}\n`);
console.log('1. compile+match on a trivial tree (what one candidate rule costs at least)');
console.log(`   all rules of a language together: ${[...byLanguage].map(([l, ms]) => `${l} ${ms.toFixed(1)} ms`).join(', ')}`);
console.log(`   median rule ${median(trivial.map((t) => t.ms)).toFixed(3)} ms; top ${TOP}:`);
for (const t of trivial.slice(0, TOP)) console.log(`     ${t.ms.toFixed(3).padStart(7)} ms  ${t.rule.id} (${t.language})`);

// ---- 2. corpus: candidate rules per snippet, their cost, and the full scan against the bare parse ----
const humanEval = loadHumanEval();
const cyberSecEval = loadCyberSecEval();
if (!humanEval || !cyberSecEval) {
  console.log('\nrule-cost: corpus part skipped, ../shared/data is missing (utility-humaneval.jsonl, code-cyberseceval-instruct.jsonl).');
  process.exit(0);
}

interface Corpus {
  name: string;
  language: LanguageId;
  snippets: string[];
}
const corpora: Corpus[] = [{ name: 'HumanEval (python)', language: 'python', snippets: humanEval.map(humanEvalProgram) }];
for (const language of [...new Set(cyberSecEval.map((r) => r.language))].sort()) {
  corpora.push({ name: `CyberSecEval ${language}`, language: language as LanguageId, snippets: cyberSecEval.filter((r) => r.language === language).map((r) => r.code) });
}

const ruleTotals = new Map<Rule, { ms: number; runs: number; corpus: Set<string> }>();
console.log('\n2. full scan per snippet vs bare tree-sitter parse (best of 5 per snippet)');
console.log(`   ${'corpus'.padEnd(26)} ${'n'.padStart(4)}  parse med   scan med   scan p90  med ratio  total ratio  candidates/snippet`);
for (const corpus of corpora) {
  const parse: number[] = [];
  const scan: number[] = [];
  const candidates: number[] = [];
  for (const code of corpus.snippets) scanCode(code, { language: corpus.language, rules: index }); // warm-up
  for (const code of corpus.snippets) {
    // PHP fragments are read behind `<?php ` as the scan does; raw they would parse as inline HTML.
    const parsed = phpOpenTag(code, corpus.language) + code;
    parse.push(best(() => parseSource(parsed, corpus.language)));
    scan.push(best(() => scanCode(code, { language: corpus.language, rules: index })));
    const rules = selectRules(code, corpus.language, { language: corpus.language, rules: index });
    candidates.push(rules.length);
    const root = parseSource(parsed, corpus.language);
    for (const rule of rules) {
      const ms = best(() => matchRules(root, [rule]));
      const entry = ruleTotals.get(rule) ?? { ms: 0, runs: 0, corpus: new Set<string>() };
      entry.ms += ms;
      entry.runs++;
      entry.corpus.add(corpus.name);
      ruleTotals.set(rule, entry);
    }
  }
  console.log(
    `   ${corpus.name.padEnd(26)} ${String(corpus.snippets.length).padStart(4)}  ${median(parse).toFixed(3).padStart(9)}  ${median(scan).toFixed(3).padStart(9)}  ${quantile(scan, 0.9).toFixed(3).padStart(9)}  ${(median(scan) / median(parse)).toFixed(2).padStart(8)}x  ${(sum(scan) / sum(parse)).toFixed(2).padStart(10)}x  ${(sum(candidates) / candidates.length).toFixed(1).padStart(8)}`,
  );
}
console.log('   targets: HumanEval/CyberSecEval python median ≤ 0.3 ms and ≤ 2x the bare parse');

const offenders = [...ruleTotals].sort((a, b) => b[1].ms - a[1].ms);
console.log(`\n3. top ${TOP} rules by total candidate time over all corpora (ms summed over the snippets they ran on)`);
for (const [rule, t] of offenders.slice(0, TOP)) {
  console.log(`   ${t.ms.toFixed(1).padStart(8)} ms  ${String(t.runs).padStart(4)} runs  ${(t.ms / t.runs).toFixed(3)} ms/run  ${rule.id}  [${[...t.corpus].join(', ')}]`);
}
