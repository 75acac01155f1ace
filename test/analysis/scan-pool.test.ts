import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScanPool } from '../../src/analysis/scan-pool.js';
import { packageRoot } from '../../src/shared/paths.js';

let pool: ScanPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('ScanPool.prestart', () => {
  it('starts every worker at once, and they then scan as usual', async () => {
    pool = new ScanPool({ size: 2, timeoutMs: 30_000 });
    expect(pool.started).toBe(0);
    pool.prestart();
    expect(pool.started).toBe(2);
    pool.prestart(); // idempotent: never more than `size`
    expect(pool.started).toBe(2);
    const replies = await Promise.all([
      pool.run({ kind: 'scan', code: 'def f(x):\n    return eval(x)\n', language: 'python' }),
      pool.run({ kind: 'scan', code: 'def g(x):\n    return x + 1\n', language: 'python' }),
    ]);
    expect(replies[0].scan?.findings.some((f) => f.cwe.includes('CWE-95'))).toBe(true);
    expect(replies[1].scan?.findings).toEqual([]);
    expect(pool.started).toBe(2);
  }, 60_000);

  it('does nothing on a closed pool', async () => {
    pool = new ScanPool({ size: 2 });
    await pool.close();
    pool.prestart();
    expect(pool.started).toBe(0);
  });
});

describe('ScanPool pipelining', () => {
  it('gives every task its result, in any order of completion, with several queued per worker', async () => {
    pool = new ScanPool({ size: 2, timeoutMs: 30_000 });
    const codes = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? `def f${i}(x):\n    return eval(x)\n` : `def g${i}(x):\n    return x + ${i}\n`));
    const replies = await Promise.all(codes.map((code) => pool!.run({ kind: 'scan', code, language: 'python' })));
    replies.forEach((reply, i) => {
      expect(reply.error).toBeUndefined();
      expect(reply.scan?.findings.some((f) => f.cwe.includes('CWE-95'))).toBe(i % 3 === 0);
    });
  }, 60_000);

  it('fails only the task that overran its deadline; the tasks queued behind it run on a fresh worker', async () => {
    pool = new ScanPool({ size: 1, timeoutMs: 400 });
    // About 4 MB: well over a second to parse and match, on any machine this suite runs on. Its first line gives
    // a rule something to match; code no rule can match is not parsed at all.
    const slow = `value = eval(text)\n${'def f(a):\n    return [x for x in a if x]\n'.repeat(100_000)}`;
    await pool.run({ kind: 'scan', code: 'x = 1\n', language: 'python' }); // the worker is up and warm
    const [overran, afterA, afterB] = await Promise.all([
      pool.run({ kind: 'scan', code: slow, language: 'python' }),
      pool.run({ kind: 'scan', code: 'def f(x):\n    return eval(x)\n', language: 'python' }),
      pool.run({ kind: 'scan', code: 'def g(x):\n    return x\n', language: 'python' }),
    ]);
    expect(overran.error?.code).toBe('parse_timeout');
    expect(afterA.error).toBeUndefined();
    expect(afterA.scan?.findings.some((f) => f.cwe.includes('CWE-95'))).toBe(true);
    expect(afterB.error).toBeUndefined();
    expect(afterB.scan?.findings).toEqual([]);
  }, 60_000);
});

describe('ScanPool scans that need no parse', () => {
  it('are answered on the calling thread, without a worker, exactly as a worker would answer them', async () => {
    pool = new ScanPool({ size: 1, timeoutMs: 30_000 });
    const clean = 'def add(a, b):\n    return a + b\n';
    const reply = await pool.run({ kind: 'scan', code: clean, language: 'python' });
    expect(reply.error).toBeUndefined();
    expect(reply.scan).toMatchObject({ language: 'python', findings: [] });
    const unknown = await pool.run({ kind: 'scan', code: clean, language: 'cobol' });
    expect(unknown.scan?.error?.code).toBe('unsupported_language');
    expect(pool.started).toBe(0);
    // Code a rule could match still goes to a worker, as does a fix.
    const risky = await pool.run({ kind: 'scan', code: 'import os\nos.system("ls " + path)\n', language: 'python' });
    expect(risky.scan?.findings.map((f) => f.ruleId)).toContain('python-os-system-injection');
    expect(pool.started).toBe(1);
  }, 60_000);
});

describe('ScanPool rules', () => {
  const customRule = [
    'id: custom-no-frobnicate',
    'languages: [python]',
    'severity: high',
    'cwe: [CWE-676]',
    'message: frobnicate() is banned here.',
    'help: Call defrobnicate() instead.',
    'rule:',
    '  pattern: frobnicate($X)',
    'tests:',
    '  valid: ["defrobnicate(1)"]',
    '  invalid: ["frobnicate(1)"]',
  ].join('\n');

  it('runs the rules of the directories it was given, parsed once and handed to every worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codeward-pool-rules-'));
    try {
      writeFileSync(join(dir, 'custom.yml'), customRule);
      pool = new ScanPool({ size: 2, ruleDirs: [dir], timeoutMs: 30_000 });
      const replies = await Promise.all(['frobnicate(data)\n', 'eval(data)\n'].map((code) => pool!.run({ kind: 'scan', code, language: 'python' })));
      expect(replies[0].scan?.findings.map((f) => f.ruleId)).toEqual(['custom-no-frobnicate']);
      // Only the given directory: the shipped eval rule is not loaded.
      expect(replies[1].scan?.findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers every task with a clear error when the rules cannot load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codeward-pool-rules-'));
    try {
      writeFileSync(join(dir, 'broken.yml'), 'id: broken\nlanguages: [python\n');
      pool = new ScanPool({ size: 1, ruleDirs: [dir] });
      const reply = await pool.run({ kind: 'scan', code: 'x = 1\n', language: 'python' });
      expect(reply.error?.code).toBe('internal_error');
      expect(reply.error?.message).toMatch(/Cannot load the rules: .*broken\.yml/);
      expect((await pool.run({ kind: 'scan', code: 'y = 2\n', language: 'python' })).error?.message).toMatch(/broken\.yml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ScanPool in a process that never parses on its main thread', () => {
  it('exits cleanly after a worker that alone loaded the native parser is replaced and the pool closed', () => {
    // Node unloads an addon with the last environment that loaded it; the parser's allocator runs
    // per-thread exit hooks afterwards, so the addon pins itself (a crash at thread exit before).
    const dir = mkdtempSync(join(tmpdir(), 'codeward-pool-exit-'));
    try {
      const script = join(dir, 'pool.ts');
      const pool = JSON.stringify(join(packageRoot(), 'src', 'analysis', 'scan-pool.ts'));
      writeFileSync(script, [
        `import { ScanPool } from ${pool};`,
        `const pool = new ScanPool({ size: 1, timeoutMs: 400 });`,
        `const slow = 'value = eval(text)\\n' + 'def f(a):\\n    return [x for x in a if x]\\n'.repeat(100000);`,
        // Neither task is prefiltered on the main thread (too big; a fix), so only the worker loads the parser.
        `const replies = await Promise.all([pool.run({ kind: 'scan', code: slow, language: 'python' }), pool.run({ kind: 'fix', code: 'eval(x)\\n', language: 'python' })]);`,
        `await pool.close();`,
        `console.log(JSON.stringify(replies.map((r) => r.error?.code ?? (r.fix ? 'fixed' : 'none'))));`,
      ].join('\n'));
      const child = spawnSync(join(packageRoot(), 'node_modules', '.bin', 'vite-node'), [script], { encoding: 'utf8', cwd: packageRoot(), timeout: 60_000 });
      expect(child.stdout.trim().split('\n').pop()).toBe('["parse_timeout","fixed"]');
      expect(child.signal).toBeNull();
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
