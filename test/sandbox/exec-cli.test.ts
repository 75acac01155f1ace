// `codeward exec`: runs a file (language from the extension or --language), feeds --stdin, grades
// --tests, prints text or --json, and exits 0 ok / 1 failed / 2 usage errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const run = (...args: string[]) => runCli('exec', ...args);

describe('codeward exec', () => {
  it('runs a Python file with --stdin and prints its output', async () => {
    const result = await run(file('upper.py', 'print(input().upper())'), '--stdin', file('in.txt', 'shout\n'));
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^ok/);
    expect(result.out).toContain('SHOUT');
  });

  it('prints the RunResult as --json and exits 1 on failure', async () => {
    const result = await run(file('fail.sh', 'echo oops >&2; exit 4'), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ status: 'runtime_error', exitCode: 4, stderr: 'oops\n' });
  });

  it('grades --tests and reports the cases', async () => {
    const tests = file('tests.json', JSON.stringify({ test_list: ['assert double(2) == 4', 'assert double(0) == 1'] }));
    const text = await run(file('double.py', 'def double(x):\n    return 2 * x'), '--tests', tests);
    expect(text.code).toBe(1);
    expect(text.out).toContain('1/2 tests');
    const json = await run(file('double2.py', 'def double(x):\n    return 2 * x'), '--tests', tests, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ tests_passed: 1, tests_total: 2 });
  });

  it('uses --language when the extension says nothing', async () => {
    const result = await run(file('prog.txt', 'console.log(6 * 7)'), '--language', 'javascript');
    expect(result.code).toBe(0);
    expect(result.out).toContain('42');
  });

  it('exits 2 with a clear message for missing files, unknown extensions and bad tests', async () => {
    expect((await run(join(dir, 'missing.py'))).err).toMatch(/Cannot read program/);
    const unknown = await run(file('prog.xyz', 'x'));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--language/);
    const bad = await run(file('ok.py', 'pass'), '--tests', file('bad.json', '{nope'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not JSON/);
  });
});
