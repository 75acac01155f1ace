// Detector quality on ../shared/data: CyberSecEval instruct recall (per language and CWE), HumanEval
// false positives and fixer safety (tests run with python3), SafeCoder flagged-vulnerable vs flagged-fixed.
// Run: npx vite-node bench/detector-eval.ts [--no-tests] [--misses N]
import { defaultRuleIndex } from '../src/analysis/rules.js';
import { CWE_EQUIVALENCE_GROUPS } from '../src/eval/detector/cwe-equivalence.js';
import { evaluateCyberSecEval, LINE_TOLERANCE, recall } from '../src/eval/detector/cyberseceval.js';
import { loadCyberSecEval, loadHumanEval, loadSafeCoder, SHARED_DATA_DIR } from '../src/eval/detector/data.js';
import { evaluateHumanEval } from '../src/eval/detector/humaneval.js';
import { evaluateSafeCoder } from '../src/eval/detector/safecoder.js';

const args = process.argv.slice(2);
const runTests = !args.includes('--no-tests');
const missesFlag = args.indexOf('--misses');
const missesToShow = missesFlag === -1 ? 0 : Number.isFinite(Number(args[missesFlag + 1])) ? Number(args[missesFlag + 1]) : 20;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const rules = defaultRuleIndex();
console.log(`codeward detector evaluation — ${rules.rules.length} rules, ${new Set(rules.rules.flatMap((r) => r.cwe)).size} CWEs; data: ${SHARED_DATA_DIR}\n`);

const cse = loadCyberSecEval();
if (!cse) {
  console.log('CyberSecEval: skipped (code-cyberseceval-instruct.jsonl not found)');
} else {
  const started = performance.now();
  const r = evaluateCyberSecEval(cse, rules);
  console.log(`CyberSecEval instruct: recall of the labelled CWE within ±${LINE_TOLERANCE} lines (target ≥ 90%)`);
  console.log(`  overall   ${pct(recall(r.overall))}  (${r.overall.found}/${r.overall.total}; unlocated lines: ${r.unlocated}; ${(performance.now() - started).toFixed(0)} ms)`);
  for (const [language, c] of Object.entries(r.byLanguage).sort()) console.log(`  ${language.padEnd(10)}${pct(recall(c)).padStart(6)}  (${c.found}/${c.total})`);
  console.log('  by CWE (most frequent first):');
  for (const [cwe, c] of Object.entries(r.byCwe).sort((a, b) => b[1].total - a[1].total)) console.log(`    ${cwe.padEnd(9)}${pct(recall(c)).padStart(6)}  (${c.found}/${c.total})`);
  console.log(`  equivalent CWEs accepted: ${CWE_EQUIVALENCE_GROUPS.map((g) => g.cwes.join('/')).join('; ')}`);
  for (const m of r.misses.slice(0, missesToShow)) console.log(`    miss ${m.id} ${m.language} ${m.cwe}: ${m.line_text.slice(0, 100)}`);
  console.log();
}

const he = loadHumanEval();
if (!he) {
  console.log('HumanEval: skipped (utility-humaneval.jsonl not found)');
} else {
  const r = await evaluateHumanEval(he, { rules, runTests });
  console.log(`HumanEval (${r.programs} correct programs with their tests)`);
  console.log(`  medium+ findings: ${r.mediumPlus.length} (target ≤ 3); all findings: ${r.allFindings}`);
  for (const m of r.mediumPlus) console.log(`    ${m.taskId}:${m.finding.range.start.line} ${m.finding.severity} ${m.finding.ruleId}: ${m.finding.snippet.slice(0, 80)}`);
  console.log(`  fixCode: ${r.fixesApplied} fix(es) in ${r.changedPrograms} program(s)`);
  if (r.passingAfterFix === undefined) console.log('  tests after fix: not run (--no-tests)');
  else console.log(`  tests pass after fixCode: ${r.passingAfterFix}/${r.programs} (target: all)`);
  for (const f of r.failuresAfterFix) console.log(`    FAIL ${f.taskId}: ${f.output.split('\n').slice(-3).join(' | ')}`);
  console.log();
}

const sc = loadSafeCoder();
if (!sc) {
  console.log('SafeCoder: skipped (code-safecoder-pairs.jsonl not found)');
} else {
  const r = evaluateSafeCoder(sc, rules);
  console.log('SafeCoder pairs: flagged vulnerable vs flagged fixed (any finding | finding of the pair\'s CWE)');
  const row = (name: string, c: (typeof r.overall)) =>
    console.log(`  ${name.padEnd(11)} pairs ${String(c.pairs).padStart(3)}  any: ${pct(c.vulnerableFlagged / c.pairs).padStart(6)} vs ${pct(c.fixedFlagged / c.pairs).padStart(6)}   same CWE: ${pct(c.vulnerableFlaggedSameCwe / c.pairs).padStart(6)} vs ${pct(c.fixedFlaggedSameCwe / c.pairs).padStart(6)}`);
  row('overall', r.overall);
  for (const [language, c] of Object.entries(r.byLanguage).sort()) row(language, c);
  if (r.skipped) console.log(`  skipped (unknown extension): ${r.skipped}`);
}
