import { describe, expect, it } from 'vitest';
import { trivialFixReward } from '../../src/reward/trivial-fix.js';
import { fence, rewardContext, sample } from './support.js';

const original = 'import subprocess\n\ndef ping(host):\n    out = subprocess.check_output("ping -c 1 " + host, shell=True)\n    return out.decode()\n';

describe('trivialFixReward (refine oracle)', () => {
  it('rewards a real fix', async () => {
    const fixed = 'import subprocess\n\ndef ping(host):\n    out = subprocess.check_output(["ping", "-c", "1", host])\n    return out.decode()\n';
    const result = await trivialFixReward(sample(fence(fixed), { oracle: 'refine', original }), rewardContext());
    expect(result.score).toBe(1);
  });

  it('gives 0 to a fix that deletes or stubs out the function (hacking case: deleted code)', async () => {
    const stubbed = await trivialFixReward(sample(fence('def ping(host):\n    pass\n'), { oracle: 'refine', original }), rewardContext());
    expect(stubbed.score).toBe(0);
    expect((stubbed.diagnostics.trivial_fix as { reasons: string[] }).reasons.join(' ')).toContain('stub');
    const deleted = await trivialFixReward(sample(fence('import subprocess\n'), { oracle: 'refine', original }), rewardContext());
    expect(deleted.score).toBe(0);
    expect((deleted.diagnostics.trivial_fix as { removedFunctions: string[] }).removedFunctions).toEqual(['ping']);
  });

  it('is unavailable (null, not 0) without the original code', async () => {
    const result = await trivialFixReward(sample(fence('def ping(h):\n    return h\n'), { oracle: 'refine' }), rewardContext());
    expect(result.components.trivial_fix).toBeNull();
  });
});
