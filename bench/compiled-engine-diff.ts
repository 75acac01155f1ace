// Differential check of the compiled rule engine against napi over whole corpora: for every file, every
// compiled rule of the language must return exactly napi's nodes. Prints each mismatch and the unsupported rules.
// Run: npx vite-node bench/compiled-engine-diff.ts [language ...]   (default: python)
import { COMPILED_LANGUAGES } from '../src/analysis/compiled/index.js';
import { compareEngines } from '../src/analysis/compiled/differential.js';
import { partitionRules } from '../src/analysis/compiled/index.js';
import { languageFromPath, normalizeLanguage, type LanguageId } from '../src/analysis/languages.js';
import { defaultRuleIndex } from '../src/analysis/rules.js';
import { humanEvalProgram, loadCyberSecEval, loadHumanEval, loadSafeCoder } from '../src/eval/detector/data.js';

const languages = (process.argv.slice(2).length ? process.argv.slice(2) : [...COMPILED_LANGUAGES]).map((l) => normalizeLanguage(l) as LanguageId);
const rules = defaultRuleIndex().rules;
let failures = 0;
for (const language of languages) {
  const { compiled, unsupported } = partitionRules(rules, language);
  console.log(`${language}: ${compiled.length} rules compiled, ${unsupported.length} left to napi`);
  for (const u of unsupported) console.log(`  unsupported ${u.rule.id}: ${u.reason}`);
  const corpora: [string, string[]][] = [
    ['fixtures', rules.flatMap((r) => [...r.tests.valid, ...r.tests.invalid].filter((f) => ((typeof f === 'string' ? undefined : f.language) ?? r.languages[0]) === language).map((f) => (typeof f === 'string' ? f : f.code)))],
    ['CyberSecEval', (loadCyberSecEval() ?? []).filter((r) => normalizeLanguage(r.language) === language).map((r) => r.code)],
    ['HumanEval', language === 'python' ? (loadHumanEval() ?? []).map(humanEvalProgram) : []],
    ['SafeCoder', (loadSafeCoder() ?? []).filter((r) => languageFromPath(r.file) === language).flatMap((r) => [r.vulnerable, r.fixed])],
  ];
  for (const [name, files] of corpora) {
    let bad = 0;
    let matched = 0;
    let undecided = 0;
    const started = performance.now();
    files.forEach((source, i) => {
      const { mismatches, matched: found, undecided: left } = compareEngines(source, language, compiled);
      matched += found;
      undecided += left;
      if (mismatches.length === 0) return;
      bad++;
      for (const m of mismatches) console.log(`  MISMATCH ${name}#${i} ${m.ruleId}: napi [${m.napi.join(' ')}] compiled [${m.compiled.join(' ')}]`);
    });
    failures += bad;
    console.log(`  ${name.padEnd(13)} ${files.length} files, ${matched} matches, ${bad} files with mismatches, ${undecided} rule runs left to napi (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}
console.log(failures === 0 ? 'compiled engine agrees with napi on every file' : `${failures} files with mismatches`);
process.exitCode = failures === 0 ? 0 : 1;
