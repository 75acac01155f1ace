import { describe, expect, it } from 'vitest';
import { JobRunner, scanSources } from '../../src/analysis/scan-files.js';

describe('batch scans (scan-files)', () => {
  it('lets the event loop turn between in-process files, so Node can free finished syntax trees', async () => {
    const runner = new JobRunner({});
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const turnedWhenDone: boolean[] = [];
    try {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const reply = await runner.run({ kind: 'scan', code: 'import os\nos.system(cmd)\n', language: 'python' });
          expect(reply.scan?.findings.length).toBeGreaterThan(0);
          turnedWhenDone.push(turned);
        }),
      );
    } finally {
      await runner.close();
    }
    // The first files finish within one turn, the later ones after the loop has turned.
    expect(turnedWhenDone[0]).toBe(false);
    expect(turnedWhenDone.at(-1)).toBe(true);
  });

  it('keeps every file its own result, in input order, across turns', async () => {
    const sources = Array.from({ length: 70 }, (_, i) => ({
      path: `f${i}.js`,
      language: 'javascript' as const,
      text: i % 2 ? `el.innerHTML = input${i};\n` : `const x${i} = 1;\n`,
    }));
    const results = await scanSources(sources);
    expect(results.map((r) => r.path)).toEqual(sources.map((s) => s.path));
    results.forEach((r, i) => expect(r.findings.length > 0).toBe(i % 2 === 1));
  });
});
