// The native parser's flat tree against napi's, node for node (kind, named, range, children, and every field
// a rule relates by), over every rule fixture and the CyberSecEval and SafeCoder corpora. Checks FLAT_TREE_USE:
// an `always` language must never differ, a `clean` one only on files whose parse recovered from errors.
// Run: npx vite-node bench/flat-tree-diff.ts [language ...]
import { parse, type SgNode } from '@ast-grep/napi';
import { FLAT_TREE_USE, hasFlatTree, parseFlat, type FlatNode } from '../src/analysis/compiled/flat-tree.js';
import { nativeStatus } from '../src/analysis/native.js';
import { astGrepLanguage, ensureLanguagesRegistered, LANGUAGES, languageFromPath, normalizeLanguage, type LanguageId } from '../src/analysis/languages.js';
import { defaultRuleIndex } from '../src/analysis/rules.js';
import { loadCyberSecEval, loadSafeCoder } from '../src/eval/detector/data.js';

if (!nativeStatus().available) {
  console.log(`flat-tree-diff: skipped, the native parser is not built (${nativeStatus().reason}); run npm run build:native`);
  process.exit(0);
}
ensureLanguagesRegistered();
const rules = defaultRuleIndex().rules;
const FIELDS = [...new Set(rules.flatMap((r) => [...JSON.stringify(r.rule).matchAll(/"field":"(\w+)"/g)].map((m) => m[1])))];

/** The first difference between the two trees, or null when they are the same. */
function difference(napi: SgNode, flat: FlatNode): string | null {
  const r = napi.range();
  const at = `${napi.kind()} at ${r.start.line + 1}:${r.start.column + 1}`;
  if (napi.kind() !== flat.kind || napi.isNamed() !== flat.named) return `${at}: flat has ${flat.kind}${flat.named ? '' : ' (anonymous)'}`;
  if (JSON.stringify(r) !== JSON.stringify(flat.range())) return `${at}: range ${JSON.stringify(r)} vs ${JSON.stringify(flat.range())}`;
  for (const name of FIELDS) {
    const want = napi.field(name as never) as SgNode | null;
    const got = flat.field(name);
    if ((want && want.range().start.index) !== (got && got.range().start.index)) return `${at}: field ${name} is ${want?.kind() ?? 'none'} in napi, ${got?.kind ?? 'none'} in flat`;
  }
  const children = napi.children();
  if (children.length !== flat.children.length) return `${at}: ${children.length} children in napi, ${flat.children.length} in flat`;
  for (let i = 0; i < children.length; i++) {
    const found = difference(children[i], flat.children[i]);
    if (found) return found;
  }
  return null;
}

const wanted = process.argv.slice(2).map((l) => normalizeLanguage(l) as LanguageId);
const languages = (wanted.length ? wanted : [...LANGUAGES]).filter((l) => hasFlatTree(l));
let violations = 0;
for (const language of languages) {
  const files = [
    ...rules.filter((r) => r.languages.includes(language)).flatMap((r) => [...r.tests.valid, ...r.tests.invalid]).map((f) => (typeof f === 'string' ? f : f.code)),
    ...(loadCyberSecEval() ?? []).filter((r) => normalizeLanguage(r.language) === language).map((r) => r.code),
    ...(loadSafeCoder() ?? []).filter((r) => languageFromPath(r.file) === language).flatMap((r) => [r.vulnerable, r.fixed]),
  ];
  let broken = 0;
  const differing = { broken: 0, clean: 0 };
  const started = performance.now();
  files.forEach((source, i) => {
    const flat = parseFlat(source, language)!;
    if (flat.parseErrors) broken++;
    const found = difference(parse(astGrepLanguage(language) as never, source).root(), flat.root);
    if (!found) return;
    differing[flat.parseErrors ? 'broken' : 'clean']++;
    if (differing.broken + differing.clean <= 3) console.log(`  ${language} file #${i}${flat.parseErrors ? ' (syntax errors)' : ''}: ${found}`);
  });
  const use = FLAT_TREE_USE[language] ?? 'never';
  const violated = (use === 'always' && differing.broken + differing.clean > 0) || (use === 'clean' && differing.clean > 0);
  if (violated) violations++;
  console.log(
    `${language.padEnd(7)} ${String(files.length).padStart(5)} files (${broken} with syntax errors): ${differing.clean} clean and ${differing.broken} broken files differ; ` +
      `use: ${use}${violated ? '  VIOLATED' : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
console.log(violations === 0 ? 'the flat tree is used only where it is identical to napi\'s' : `${violations} languages use the flat tree where it differs`);
process.exitCode = violations === 0 ? 0 : 1;
