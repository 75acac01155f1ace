// Fail closed when bubblewrap exists but cannot create namespaces (a bwrap that refuses, as on
// hosts that forbid unprivileged user namespaces): a clear error saying what to enable.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/index.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-nons-'));
afterAll(() => {
  delete process.env.CODEWARD_BWRAP;
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox without user namespaces', () => {
  it('refuses with sandbox_unavailable and the sysctl to enable', async () => {
    const fake = join(dir, 'bwrap');
    writeFileSync(fake, '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    chmodSync(dir, 0o755);
    process.env.CODEWARD_BWRAP = fake;
    const sandbox = new Sandbox();
    await expect(sandbox.runCode({ language: 'c', code: 'int main(void){return 0;}' })).rejects.toMatchObject({
      code: 'sandbox_unavailable',
      message: expect.stringMatching(/No permissions to create new namespace.*unprivileged_userns/s),
    });
    await sandbox.close();
  });
});
