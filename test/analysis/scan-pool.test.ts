import { afterEach, describe, expect, it } from 'vitest';
import { ScanPool } from '../../src/analysis/scan-pool.js';

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
    // About 4 MB: well over a second to parse and match, on any machine this suite runs on.
    const slow = 'def f(a):\n    return [x for x in a if x]\n'.repeat(100_000);
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
