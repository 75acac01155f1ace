// The C-family programmatic fixers: they rewrite only where the rewrite is provably safe (a sized local
// array for `sizeof dst`, a discarded return value), and the rewritten C still compiles and behaves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixCode } from '../../src/analysis/fix.js';
import { DEFAULT_RULES_DIR, loadRules, RuleIndex } from '../../src/analysis/rules.js';

const rules = new RuleIndex(loadRules(['c', 'cpp', 'csharp', 'rust'].map((dir) => join(DEFAULT_RULES_DIR, dir))));
const fix = (code: string, language: string, ruleIds?: string[]) => fixCode(code, { language, rules, ruleIds });

describe('C bounded-copy fixers refuse unsafe rewrites', () => {
  it('does not rewrite strcpy into a pointer parameter (sizeof would be the pointer size)', () => {
    const code = 'void f(char *dst, const char *src) { strcpy(dst, src); }';
    const result = fix(code, 'c', ['c-strcpy-unbounded']);
    expect(result.code).toBe(code);
    expect(result.remaining.map((f) => f.ruleId)).toEqual(['c-strcpy-unbounded']);
  });

  it('does not rewrite an array parameter (it decays to a pointer)', () => {
    const code = 'void f(char dst[64], const char *src) { strcat(dst, src); }';
    expect(fix(code, 'c', ['c-strcat-unbounded']).code).toBe(code);
  });

  it('does not rewrite a copy into a struct member (its size is unknown here)', () => {
    const code = 'void f(struct rec *r, const char *s) { strcpy(r->name, s); }';
    expect(fix(code, 'c', ['c-strcpy-unbounded']).code).toBe(code);
  });

  it('does not rewrite a call whose return value is used', () => {
    const code = 'void f(const char *s) { char b[8]; char *p = strcpy(b, s); puts(p); }';
    expect(fix(code, 'c', ['c-strcpy-unbounded']).code).toBe(code);
  });

  it('does not rewrite when the array name is declared twice (shadowing)', () => {
    const code = 'char b[8];\nvoid f(const char *s) { char b[4]; strcpy(b, s); }';
    expect(fix(code, 'c', ['c-strcpy-unbounded']).code).toBe(code);
  });

  it('rewrites every unsafe call in one pass and leaves nothing behind', () => {
    const code = [
      'void f(const char *a, const char *b) {',
      '  char out[32];',
      '  strcpy(out, a);',
      '  strcat(out, b);',
      '  sprintf(out, "%s-%s", a, b);',
      '}',
    ].join('\n');
    const result = fix(code, 'c');
    expect(result.applied.map((a) => a.ruleId).sort()).toEqual(['c-sprintf-unbounded', 'c-strcat-unbounded', 'c-strcpy-unbounded']);
    expect(result.code).toContain('snprintf(out, sizeof out, "%s", a);');
    expect(result.code).toContain('strncat(out, b, sizeof out - strlen(out) - 1);');
    expect(result.code).toContain('snprintf(out, sizeof out, "%s-%s", a, b);');
  });

  it('leaves wide-character printf formats alone', () => {
    const code = 'void f(const wchar_t *m) { wprintf(m); }';
    const result = fix(code, 'c', ['c-format-string']);
    expect(result.code).toBe(code);
    expect(result.remaining).toHaveLength(1);
  });
});

describe('C# and Rust fixers', () => {
  it('does not swap MD5 for SHA-256 when an MD5-typed variable receives it', () => {
    const code = 'MD5 md5 = MD5.Create();';
    expect(fix(code, 'csharp', ['csharp-weak-hash']).code).toBe(code);
  });

  it('keeps MD5 when its 16-byte digest feeds a Guid', () => {
    const code = 'using (var md5 = MD5.Create()) { id = new Guid(md5.ComputeHash(bytes)); }';
    expect(fix(code, 'csharp', ['csharp-weak-hash']).code).toBe(code);
  });

  it('turns danger_accept_invalid_certs(true) off and leaves a runtime flag alone', () => {
    const code = 'let a = b.danger_accept_invalid_certs(true);\nlet c = d.danger_accept_invalid_certs(flag);';
    const result = fix(code, 'rust');
    expect(result.code).toContain('danger_accept_invalid_certs(false)');
    expect(result.code).toContain('danger_accept_invalid_certs(flag)');
  });
});

const gcc = spawnSync('gcc', ['--version']).status === 0;

describe.skipIf(!gcc)('fixed C compiles cleanly and keeps its behaviour (gcc)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codeward-cfix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function compileAndRun(source: string, stdin: string): string {
    const file = join(dir, `p${Math.random().toString(36).slice(2)}.c`);
    writeFileSync(file, source);
    const exe = `${file}.out`;
    // Truncation is the point of the bounded rewrite, so gcc's "may be truncated" note is not an error here.
    const cc = spawnSync('gcc', ['-std=c11', '-Wall', '-Werror', '-Wno-format-truncation', '-o', exe, file], { encoding: 'utf8' });
    expect(cc.stderr).toBe('');
    const run = spawnSync(exe, [], { input: stdin, encoding: 'utf8', timeout: 5000 });
    expect(run.status).toBe(0);
    return run.stdout;
  }

  it('strcpy/strcat/sprintf/printf fixes produce the same output for inputs that fit', () => {
    const program = [
      '#include <stdio.h>',
      '#include <string.h>',
      'int main(void) {',
      '  char name[32];',
      '  char line[64];',
      '  const char *who = "world";',
      '  strcpy(name, who);',
      '  strcat(name, "!");',
      '  sprintf(line, "hello %s", name);',
      '  printf(line);',
      '  printf("\\n");',
      '  return 0;',
      '}',
    ].join('\n');
    const result = fix(program, 'c');
    expect(result.remaining.filter((f) => f.severity !== 'low')).toEqual([]);
    expect(result.applied.length).toBeGreaterThanOrEqual(4);
    expect(compileAndRun(result.code, '')).toBe('hello world!\n');
  });

  it('fixed copies truncate instead of overflowing', () => {
    const program = [
      '#include <stdio.h>',
      '#include <string.h>',
      'int main(void) {',
      '  char small[8];',
      '  char input[128];',
      '  if (!fgets(input, sizeof input, stdin)) return 1;',
      '  input[strcspn(input, "\\n")] = 0;',
      '  strcpy(small, input);',
      '  strcat(small, input);',
      '  printf("%zu %s\\n", strlen(small), small);',
      '  return 0;',
      '}',
    ].join('\n');
    const fixed = fix(program, 'c').code;
    expect(fixed).not.toMatch(/\bstrcpy\(|\bstrcat\(/);
    expect(compileAndRun(fixed, 'a string much longer than eight bytes\n')).toBe('7 a strin\n');
  });

  it('scanf gets a field width and strncpy a terminator; long input is cut, not overflowed', () => {
    const program = [
      '#include <stdio.h>',
      '#include <string.h>',
      'int main(void) {',
      '  char word[8];',
      '  char copy[4];',
      '  if (scanf("%s", word) != 1) return 1;',
      '  strncpy(copy, word, sizeof copy);',
      '  printf("%s %s\\n", word, copy);',
      '  return 0;',
      '}',
    ].join('\n');
    const result = fix(program, 'c');
    expect(result.code).toContain('scanf("%7s", word)');
    expect(result.code).toContain("copy[sizeof copy - 1] = '\\0';");
    expect(compileAndRun(result.code, 'abcdefghijklmnop\n')).toBe('abcdefg abc\n');
  });

  it('gets -> fgets keeps gets semantics: newline stripped, NULL at end of input', () => {
    const program = [
      '#include <stdio.h>',
      'int main(void) {',
      '  char line[16];',
      '  int n = 0;',
      '  while (gets(line) != NULL) { n++; printf("[%s]", line); }',
      '  gets(line);',
      '  printf(" %d\\n", n);',
      '  return 0;',
      '}',
    ].join('\n');
    const result = fix(program, 'c', ['c-gets']);
    expect(result.applied).toHaveLength(2);
    expect(result.code).toContain('#include <string.h>');
    expect(compileAndRun(result.code, 'ab\ncd\n')).toBe('[ab][cd] 2\n');
  });
});
