// Every supported language runs, reports compile and syntax errors with their own status, and
// honours stdin, files and fetchFiles; bad requests fail with clear CodewardErrors.
import { afterAll, describe, expect, it } from 'vitest';
import { availableLanguages, Sandbox } from '../../src/sandbox/index.js';
import { seccompFilter } from '../../src/sandbox/seccomp.js';

const sandbox = new Sandbox({ size: 1 });
afterAll(() => sandbox.close());

const hello: Record<string, string> = {
  python: 'import sys\nprint("hello", sys.stdin.read().strip())',
  javascript: 'const input = require("fs").readFileSync(0, "utf8").trim();\nconsole.log("hello", input);',
  typescript: "import { readFileSync } from 'fs';\nconst input: string = readFileSync(0, 'utf8').trim();\nconst greet = (who: string): string => `hello ${who}`;\nconsole.log(greet(input));",
  c: '#include <stdio.h>\nint main(void) { char s[64]; if (scanf("%63s", s) != 1) return 1; printf("hello %s\\n", s); return 0; }',
  cpp: '#include <iostream>\n#include <string>\nint main() { std::string s; std::cin >> s; std::cout << "hello " << s << std::endl; }',
  bash: 'read -r who\necho "hello $who"',
  java: 'import java.util.Scanner;\npublic class Greeter { public static void main(String[] a) { System.out.println("hello " + new Scanner(System.in).next()); } }',
  go: 'package main\nimport "fmt"\nfunc main() { var s string; fmt.Scan(&s); fmt.Println("hello", s) }',
};

describe('languages', () => {
  for (const language of Object.keys(hello)) {
    const test = availableLanguages().includes(language) ? it.concurrent : it.skip;
    test(`${language} reads stdin and prints`, async () => {
      const result = await sandbox.runCode({ language, code: hello[language], stdin: 'world\n', compileTimeoutMs: 30_000 });
      expect(result.status, result.stderr + result.compile.stderr).toBe('ok');
      expect(result.stdout.trim()).toBe('hello world');
    });
  }

  it.concurrent('C compile errors are compile_error with the compiler output', async () => {
    const result = await sandbox.runCode({ language: 'c', code: 'int main(void) { return undefined_symbol; }' });
    expect(result.status).toBe('compile_error');
    expect(result.compile.status).toBe('compile_error');
    expect(result.compile.stderr).toMatch(/undefined_symbol/);
  });

  it.concurrent('JavaScript and TypeScript syntax errors are syntax_error (parsed by esbuild on the host)', async () => {
    expect((await sandbox.runCode({ language: 'javascript', code: 'function (' })).status).toBe('syntax_error');
    expect((await sandbox.runCode({ language: 'typescript', code: 'let x: = 1;' })).status).toBe('syntax_error');
  });

  it.concurrent('Python syntax errors and runtime errors are told apart', async () => {
    expect((await sandbox.runCode({ language: 'python', code: 'def f(:\n  pass' })).status).toBe('syntax_error');
    const runtime = await sandbox.runCode({ language: 'python', code: 'eval("1 +")' });
    expect(runtime.status).toBe('runtime_error');
    expect((await sandbox.runCode({ language: 'python', code: 'import sys\nsys.exit(3)' })).exitCode).toBe(3);
  });

  it.concurrent('files go in, fetchFiles come back (Python fork server and cold bash)', async () => {
    const files = { 'data/in.txt': Buffer.from('payload').toString('base64') };
    const py = await sandbox.runCode({ language: 'python', code: "open('out.txt', 'w').write(open('data/in.txt').read().upper())", files, fetchFiles: ['out.txt', 'missing.txt'] });
    expect(Buffer.from(py.files?.['out.txt'] ?? '', 'base64').toString()).toBe('PAYLOAD');
    expect(py.files?.['missing.txt']).toBeUndefined();
    const sh = await sandbox.runCode({ language: 'bash', code: 'tr a-z A-Z < data/in.txt > out.txt', files, fetchFiles: ['out.txt'] });
    expect(Buffer.from(sh.files?.['out.txt'] ?? '', 'base64').toString()).toBe('PAYLOAD');
  });

  it('rejects bad requests with clear errors', async () => {
    await expect(sandbox.runCode({ language: 'cobol', code: '' })).rejects.toMatchObject({ code: 'unsupported_language' });
    await expect(sandbox.runCode({ language: 'python', code: 42 as unknown as string })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sandbox.runCode({ language: 'python', code: '', files: { '../escape': 'eA==' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sandbox.runCode({ language: 'python', code: '', files: { a: 'not base64!' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sandbox.runCode({ language: 'python', code: '', fetchFiles: ['/etc/passwd'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('survives binary garbage as code and stdin', async () => {
    const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)).toString('latin1');
    for (const language of ['python', 'bash', 'javascript']) {
      const result = await sandbox.runCode({ language, code: garbage, stdin: garbage });
      expect(['syntax_error', 'runtime_error']).toContain(result.status);
    }
  });

  it('assembles a seccomp filter for this architecture', () => {
    const filter = seccompFilter();
    expect(filter === null || filter.length % 8 === 0).toBe(true);
  });
});
