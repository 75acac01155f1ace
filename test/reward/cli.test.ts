import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const tests = { test: 'def check(c):\n    assert c(1, 2) == 3\n', entry_point: 'add' };
const rows = [
  { id: 'a1', group_id: 'add', prompt: 'Write add.', completion: 'Sure.\n```python\ndef add(a, b):\n    return a + b\n```', oracle: 'correctness', language: 'python', tests },
  { id: 'a2', group_id: 'add', prompt: 'Write add.', completion: "Sure.\n```python\ndef add(a, b):\n    return eval(f'{a}+{b}')\n```", oracle: 'correctness', tests },
  { id: 'b1', group_id: 'none', prompt: 'Write add.', query: 'Write add.No.', label: JSON.stringify({ oracle: 'correctness', tests }) },
  { id: 'b2', group_id: 'none', prompt: 'Write add.', completion: 'No.', oracle: 'correctness', tests },
];

describe('codeward reward score', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one scored JSON line per rollout, keeps bad lines as errors and prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codeward-reward-'));
    const input = join(dir, 'rollouts.jsonl');
    const output = join(dir, 'scores.jsonl');
    writeFileSync(input, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n{broken\n`);
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    const code = await main(['node', 'codeward', 'reward', 'score', input, '--output', output, '--advantages', 'drgrpo', '--concurrency', '4']);
    expect(code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: 'a1', pass: 1, components: { functional: 1, security: 1 } });
    expect(lines[0].score).toBeGreaterThan(lines[1].score);
    expect(lines[0].advantage).toBeGreaterThan(0);
    expect(lines[2].score).toBe(lines[3].score);
    expect(lines[4]).toMatchObject({ line: 5, error: { code: 'invalid_input' } });
    const summary = stderr.join('');
    expect(summary).toContain('samples 5  scored 4  errors 1');
    expect(summary).toMatch(/functional\s+0\.500/);
    expect(summary).toContain('zero-advantage groups 1 (50.0%)');
    expect(summary).toContain('functional=0.00');
  });

  it('fails with a clear message for a missing file or a bad flag', async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    expect(await main(['node', 'codeward', 'reward', 'score', '/nonexistent/rollouts.jsonl'])).toBe(2);
    expect(stderr.join('')).toContain('Cannot read /nonexistent/rollouts.jsonl');
    expect(await main(['node', 'codeward', 'reward', 'score', '-', '--advantages', 'ppo'])).toBe(2);
    expect(stderr.join('')).toContain('--advantages must be grpo or drgrpo');
  });
});
