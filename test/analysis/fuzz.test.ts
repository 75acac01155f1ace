// Robustness: random bytes, mutated snippets, deep nesting, a 5 MB file, NUL bytes and invalid UTF-8
// through scanCode, fixCode, extractCode and the file scanner. No crash, no hang, clear per-file errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SCAN_BYTES, scanCode } from '../../src/analysis/engine.js';
import { extractCode } from '../../src/analysis/extract.js';
import { fixCode } from '../../src/analysis/fix.js';
import { scanFiles } from '../../src/analysis/scan-files.js';
import { LANGUAGES } from '../../src/analysis/languages.js';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: Record<string, string> = {
  python: 'import os, yaml\ndef f(x):\n    os.system("ls " + x)\n    return yaml.load(x)\n',
  javascript: 'const { exec } = require("child_process");\nexec("ls " + req.query.d);\nel.innerHTML = x;\n',
  c: '#include <stdio.h>\nint main(void) { char b[8]; gets(b); printf(b); return 0; }\n',
  java: 'class A { void f(String s) throws Exception { Runtime.getRuntime().exec("ls " + s); } }\n',
  go: 'package main\nimport "os/exec"\nfunc f(s string) { exec.Command("sh", "-c", s).Run() }\n',
  php: '<?php\n$x = $_GET["a"];\nsystem("ls " . $x);\n',
};

function mutate(text: string, random: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (chars.length + 1));
    const op = random();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, '(){}[]"\'`;:\\\n\0$#'[Math.floor(random() * 17)]);
    else chars.splice(at, Math.floor(random() * 10));
  }
  return chars.join('');
}

function expectWellFormed(result: ReturnType<typeof scanCode>): void {
  expect(Array.isArray(result.findings)).toBe(true);
  for (const f of result.findings) {
    expect(f.range.start.line).toBeGreaterThanOrEqual(1);
    expect(f.range.endIndex).toBeGreaterThanOrEqual(f.range.startIndex);
  }
}

describe('fuzz', () => {
  const random = prng(20261121);
  const dir = mkdtempSync(join(tmpdir(), 'codeward-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scans random bytes in every language without throwing', () => {
    for (const language of LANGUAGES) {
      for (let i = 0; i < 3; i++) {
        const bytes = Buffer.from(Array.from({ length: 200 + Math.floor(random() * 800) }, () => Math.floor(random() * 256)));
        const result = scanCode(bytes.toString('latin1'), { language });
        expect(result.error).toBeUndefined();
        expectWellFormed(result);
        expect(() => extractCode(bytes.toString('utf8'))).not.toThrow();
      }
    }
  });

  it('scans and fixes mutated snippets, keeping fixes verified', () => {
    for (const [language, seed] of Object.entries(SEEDS)) {
      for (let i = 0; i < 12; i++) {
        const code = mutate(seed, random);
        expectWellFormed(scanCode(code, { language }));
        const fixed = fixCode(code, { language });
        expect(fixed.error).toBeUndefined();
        expect(typeof fixed.code).toBe('string');
      }
    }
  });

  it('survives deep nesting', () => {
    const depth = 5000;
    const cases: [string, string][] = [
      ['python', `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
      ['javascript', `let x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`],
      ['c', `int f(void) { ${'{'.repeat(depth)}${'}'.repeat(depth)} }\n`],
      ['python', `${'('.repeat(depth)}\n`],
    ];
    for (const [language, code] of cases) {
      const started = performance.now();
      expectWellFormed(scanCode(code, { language }));
      expect(performance.now() - started).toBeLessThan(20_000);
    }
  });

  it('handles NUL bytes and invalid UTF-8', () => {
    const withNul = 'import os\nos.system("ls " + x)\0\0\nprint(1)\n';
    const result = scanCode(withNul, { language: 'python' });
    expect(result.findings.some((f) => f.cwe.includes('CWE-78'))).toBe(true);
    expect(fixCode(withNul, { language: 'python' }).code).toBe(withNul);
    const invalid = Buffer.concat([Buffer.from('import yaml\nx = yaml.load(s)\n'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1])]);
    writeFileSync(join(dir, 'invalid.py'), invalid);
    return scanFiles([join(dir, 'invalid.py')]).then(([file]) => {
      expect(file.error).toBeUndefined();
      expect(file.findings.some((f) => f.ruleId === 'python-yaml-unsafe-load')).toBe(true);
    });
  });

  it('scans a 5 MB file within the deadline and refuses one over the limit', async () => {
    const unit = 'def handler(request):\n    value = request.args.get("q")\n    return [v for v in range(10) if v]\n';
    writeFileSync(join(dir, 'big.py'), unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length)));
    writeFileSync(join(dir, 'huge.py'), 'x = 1\n'.repeat(Math.ceil((MAX_SCAN_BYTES + 10) / 6)));
    writeFileSync(join(dir, 'bin.py'), Buffer.from([0, 1, 2, 3, 0, 255]));
    const results = await scanFiles([dir], { timeoutMs: 60_000 });
    const byName = Object.fromEntries(results.map((r) => [r.path.split('/').pop(), r]));
    expect(byName['big.py'].error).toBeUndefined();
    expect(byName['huge.py'].error?.code).toBe('invalid_input');
    expect(byName['huge.py'].error?.message).toMatch(/limit/);
    expect(byName['bin.py']).toBeUndefined(); // binary files met while walking are skipped
  }, 120_000);

  it('stops a scan that overruns its deadline with a clear error', async () => {
    const unit = 'def f(a):\n    return [x for x in a if x]\n';
    writeFileSync(join(dir, 'slow.py'), unit.repeat(40_000));
    const [result] = await scanFiles([join(dir, 'slow.py')], { timeoutMs: 1, inProcessLimit: 0 });
    expect(result.error?.code).toBe('parse_timeout');
    expect(result.error?.message).toMatch(/longer than 1 ms/);
  }, 60_000);

  it('reports unknown languages and unreadable paths per file', async () => {
    writeFileSync(join(dir, 'notes.xyz'), 'hello');
    const results = await scanFiles([join(dir, 'notes.xyz'), join(dir, 'missing.py')]);
    expect(results.map((r) => r.error?.code).sort()).toEqual(['file_unreadable', 'unsupported_language']);
    expect(scanCode('x', { language: 'cobol' }).error?.code).toBe('unsupported_language');
    expect(scanCode(42 as unknown as string, { language: 'python' }).error?.code).toBe('invalid_input');
  });
});
