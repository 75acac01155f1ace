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
