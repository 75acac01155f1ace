// Fail closed: with bubblewrap missing or unable to create namespaces, runCode and runTests refuse
// with sandbox_unavailable and an install hint; nothing runs unisolated. (Own file: own process.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/index.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-nobwrap-'));
afterAll(() => {
  delete process.env.CODEWARD_BWRAP;
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox unavailable', () => {
  it('refuses to run when bubblewrap is missing, naming the package to install', async () => {
    process.env.CODEWARD_BWRAP = join(dir, 'missing-bwrap');
    const sandbox = new Sandbox();
    await expect(sandbox.runCode({ language: 'python', code: 'print(1)' })).rejects.toMatchObject({ code: 'sandbox_unavailable', message: expect.stringMatching(/apt-get install bubblewrap/) });
    await expect(sandbox.runTests({ language: 'python', code: 'x', tests: { test_list: ['assert True'] } })).rejects.toMatchObject({ code: 'sandbox_unavailable' });
    await sandbox.close();
  });
});
