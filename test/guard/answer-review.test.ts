import { describe, expect, it } from 'vitest';
import { reviewAnswer } from '../../src/guard/index.js';

describe('reviewAnswer', () => {
  it('fixes each vulnerable block in place, keeps prose and clean blocks, and annotates briefly', async () => {
    const text = [
      'First:',
      '```python',
      'import yaml',
      'data = yaml.load(open("a.yml"))',
      '```',
      'Then a clean one:',
      '```python',
      'print("hi")',
      '```',
      'And again:',
      '```python',
      'import yaml',
      'other = yaml.load(open("b.yml"))',
      '```',
      'Bye.',
    ].join('\n');
    const review = await reviewAnswer(text, { maxAttempts: 1 });
    expect(review.action).toBe('fixed');
    expect(review.blocks.map((b) => b.outcome)).toEqual(['fixed', 'clean', 'fixed']);
    expect(review.text).not.toContain('yaml.load(');
    expect(review.text.match(/yaml\.safe_load\(/g)).toHaveLength(2);
    expect(review.text.match(/> codeward fixed this code: .*\[CWE-502\], line 2\./g)).toHaveLength(2);
    expect(review.text).toContain('Then a clean one:\n```python\nprint("hi")\n```\nAnd again:');
    expect(review.text.endsWith('Bye.')).toBe(true);
  });

  it('keeps the indentation of a fenced block inside a list item', async () => {
    const text = '1. Load it:\n   ```python\n   import yaml\n   cfg = yaml.load(open("c.yml"))\n   ```\n2. Done';
    const review = await reviewAnswer(text, { maxAttempts: 1, annotate: false });
    expect(review.text).toBe('1. Load it:\n   ```python\n   import yaml\n   cfg = yaml.safe_load(open("c.yml"))\n   ```\n2. Done');
  });

  it('passes prose, untagged data blocks and empty answers through', async () => {
    for (const text of ['', 'Just prose here.', '```json\n{"a": 1}\n```']) {
      const review = await reviewAnswer(text, { maxAttempts: 1 });
      expect(review).toMatchObject({ text, action: 'passed' });
    }
  });
});
