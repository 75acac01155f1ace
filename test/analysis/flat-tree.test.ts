// The native parser's flat tree against napi's tree, node for node: it must be the very same tree (kinds,
// ranges, children, fields), since the compiled engine's napi-verified semantics rest on it. Plus hostile input.
import { parse, type SgNode } from '@ast-grep/napi';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { NATIVE_ADDON, nativeStatus } from '../../src/analysis/native.js';
import { FLAT_TREE_USE, flatTreeFor, hasFlatTree, parseFlat, type FlatNode } from '../../src/analysis/compiled/flat-tree.js';
import { scanCode } from '../../src/analysis/engine.js';
import { astGrepLanguage, ensureLanguagesRegistered, LANGUAGES, type LanguageId } from '../../src/analysis/languages.js';
import { defaultRuleIndex } from '../../src/analysis/rules.js';

const required = process.env.CODEWARD_REQUIRE_NATIVE === '1';
const built = nativeStatus().available;

/** Every field name a rule relates by (`field: arguments`), per language: what field() must answer alike. */
const FIELDS = [...new Set(defaultRuleIndex().rules.flatMap((r) => [...JSON.stringify(r.rule).matchAll(/"field":"(\w+)"/g)].map((m) => m[1])))];

function sameTree(napi: SgNode, flat: FlatNode, path = 'root'): void {
  const at = `${path}:${napi.kind()}`;
  expect(flat.kind, at).toBe(napi.kind());
  expect(flat.named, at).toBe(napi.isNamed());
  expect(flat.text, at).toBe(napi.text());
  const r = napi.range();
  expect(flat.range(), at).toEqual({ start: { ...r.start }, end: { ...r.end } });
  for (const name of FIELDS) {
    const want = napi.field(name as never) as SgNode | null;
    const got = flat.field(name);
    expect(got ? got.range() : null, `${at} field ${name}`).toEqual(want ? { start: { ...want.range().start }, end: { ...want.range().end } } : null);
  }
  const napiChildren = napi.children();
  expect(flat.children.length, at).toBe(napiChildren.length);
  napiChildren.forEach((child, i) => sameTree(child, flat.children[i], `${at}/${i}`));
}

/** Every rule fixture of a language: the code the rules were written against, valid and invalid. */
function fixtures(language: LanguageId): string[] {
  return defaultRuleIndex()
    .rules.filter((r) => r.languages.includes(language))
    .flatMap((r) => [...r.tests.valid, ...r.tests.invalid])
    .map((f) => (typeof f === 'string' ? f : f.code));
}

describe('native flat tree', () => {
  it.runIf(required)('is built (scripts/setup.sh builds it; the suite must not test only the napi fallback)', () => {
    expect(nativeStatus()).toEqual({ available: true });
  });

  const native = LANGUAGES.filter((l) => built && hasFlatTree(l));
  it.runIf(built)('covers every dynamic grammar (napi builds in JavaScript and TypeScript)', () => {
    expect(native).toEqual(LANGUAGES.filter((l) => !['javascript', 'typescript', 'tsx'].includes(l)));
  });

  // The whole check over every fixture and corpus is bench/flat-tree-diff.ts; here a sample of each language.
  describe.runIf(built).each(native.filter((l) => FLAT_TREE_USE[l]))('%s', (language) => {
    it('exports the same tree as napi for rule fixtures, wherever the engine reads it', () => {
      ensureLanguagesRegistered();
      const sources = fixtures(language).slice(0, 60);
      let compared = 0;
      for (const source of sources) {
        const flat = flatTreeFor(source, language);
        if (FLAT_TREE_USE[language] === 'always') expect(flat).not.toBeNull();
        if (!flat) continue;
        sameTree(parse(astGrepLanguage(language) as never, source).root(), flat.root);
        compared++;
      }
      expect(compared).toBeGreaterThan(sources.length / 2);
    });
  });

  it.runIf(built)('keeps C++ on napi\'s tree, and broken C on napi\'s tree too', () => {
    expect(flatTreeFor('int main() { return 0; }', 'cpp')).toBeNull();
    expect(flatTreeFor('int main() { return 0; }', 'c')).not.toBeNull();
    expect(flatTreeFor('int main( { return 0; }', 'c')).toBeNull();
    expect(flatTreeFor('def f(:\n  pass\n', 'python')?.parseErrors).toBe(true);
  });

  describe.runIf(built)('positions and hostile input', () => {
    const napiTree = (source: string) => parse(astGrepLanguage('python') as never, source).root();

    it('counts positions in UTF-16 code units, as napi and JS strings do', () => {
      ensureLanguagesRegistered();
      const source = "s = 'é😀'; y = 1\nz = '\u{1F600}'; w = 2\n";
      sameTree(napiTree(source), parseFlat(source, 'python')!.root);
      const y = parseFlat(source, 'python')!.ofKinds(new Set(['identifier']))[1];
      expect(source.slice(y.range().start.index, y.range().end.index)).toBe('y');
    });

    it('survives empty, NUL, lone surrogates, deep nesting and a 1 MB input', () => {
      ensureLanguagesRegistered();
      for (const source of ['', '\0\0x = 1\0', 'x = "\uD800" + "\uDC00z"\n', `${'('.repeat(20000)}1${')'.repeat(20000)}\n`, 'def f(:\n  return ]\n']) {
        const tree = parseFlat(source, 'python');
        expect(tree).not.toBeNull();
        expect(tree!.root.kind).toBe(napiTree(source).kind());
        expect(tree!.hasErrors).toBe(napiTree(source).has({ rule: { kind: 'ERROR' } } as never));
      }
      const big = 'x = [1, 2, 3]\n'.repeat(76_000);
      const tree = parseFlat(big, 'python')!;
      expect(tree.root.children).toHaveLength(76_000);
      expect(tree.root.range().end.index).toBe(big.length);
    });

    it('keeps no memory per parse in a synchronous loop (the event loop never turns, so no N-API finalizer runs)', () => {
      // Records in external buffers waited for finalizers until the loop ended: 63 MB more here, 5-6 MB now.
      const source = 'import os\nos.system(cmd)\n';
      const later = parseFlat('x = [1, 2, 3]\n'.repeat(76_000), 'python')!; // a big parse first: its scratch is freed, its result kept
      for (let i = 0; i < 2_000; i++) parseFlat(source, 'python');
      const before = process.memoryUsage().rss;
      for (let i = 0; i < 20_000; i++) parseFlat(source, 'python');
      expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
      expect(parseFlat(source, 'python')!.root.children).toHaveLength(2);
      expect(later.root.children).toHaveLength(76_000);
    });

    it('answers misuse of the addon with a TypeError, not a crash', () => {
      const addon = createRequire(import.meta.url)(NATIVE_ADDON) as Record<string, (...args: unknown[]) => unknown>;
      expect(() => addon.parse({}, 'x = 1')).toThrow(TypeError);
      expect(() => addon.parse()).toThrow(TypeError);
      expect(() => addon.names(42)).toThrow(TypeError);
      expect(() => addon.load('/nonexistent.so', 'tree_sitter_python')).toThrow(/nonexistent/);
      expect(() => addon.load(42, 'x')).toThrow(TypeError);
      expect(() => addon.matcher(['pässword'], false, false)).toThrow(TypeError);
      expect(() => addon.matcher('x', false, false)).toThrow(TypeError);
      expect(() => addon.find({}, 'text')).toThrow(TypeError);
    });

    it('scans with the flat tree by default and finds what the napi engine finds', () => {
      const code = 'import os, yaml\nos.system("ls " + name)\ncfg = yaml.load(open(p))\n';
      const ids = (engine: 'auto' | 'napi') => scanCode(code, { language: 'python', engine }).findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`);
      expect(ids('auto').length).toBeGreaterThan(1);
      expect(ids('auto')).toEqual(ids('napi'));
    });
  });
});
