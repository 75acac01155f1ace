import { describe, expect, it } from 'vitest';
import { CodeBlockHolder, type Segment } from '../../src/guard/index.js';

function feed(pieces: string[]): { released: Segment[][]; all: Segment[] } {
  const holder = new CodeBlockHolder();
  const released = pieces.map((p) => holder.push(p));
  released.push(holder.end());
  return { released, all: released.flat() };
}

function join(segments: Segment[]): string {
  return segments.map((s) => s.text).join('');
}

describe('CodeBlockHolder', () => {
  it('releases prose at once, mid-line, and holds a code block until its closing fence', () => {
    const { released, all } = feed(['Here is', ' the code:\n``', '`python\nimport os\n', 'os.system(x)\n', '```\nDone', '.']);
    expect(released[0]).toEqual([{ kind: 'prose', text: 'Here is' }]);
    expect(released[1]).toEqual([{ kind: 'prose', text: ' the code:\n' }]);
    expect(released[2]).toEqual([]);
    expect(released[3]).toEqual([]);
    expect(released[4]).toEqual([{ kind: 'code', text: '```python\nimport os\nos.system(x)\n```\n' }, { kind: 'prose', text: 'Done' }]);
    expect(join(all)).toBe('Here is the code:\n```python\nimport os\nos.system(x)\n```\nDone.');
  });

  it('streams one character at a time without losing or reordering anything', () => {
    const text = 'Intro `inline` text\n~~~js\nlet a = 1;\n~~~\nmiddle\n  ```\n  indented();\n  ```\nend without newline';
    const { all } = feed([...text]);
    expect(join(all)).toBe(text);
    expect(all.filter((s) => s.kind === 'code').map((s) => s.text)).toEqual(['~~~js\nlet a = 1;\n~~~\n', '  ```\n  indented();\n  ```\n']);
  });

  it('needs a closing fence of the same character and at least the same length', () => {
    const { all } = feed(['````md\n```python\nx\n```\n````\nafter\n']);
    expect(all[0]).toEqual({ kind: 'code', text: '````md\n```python\nx\n```\n````\n' });
    expect(all[1]).toEqual({ kind: 'prose', text: 'after\n' });
  });

  it('releases an unterminated block as code at the end, and inline triple backticks as prose', () => {
    expect(feed(['```python\nprint(1)\n']).all).toEqual([{ kind: 'code', text: '```python\nprint(1)\n' }]);
    expect(feed(['use ```x``` inline\n', '```a`b\n']).all.every((s) => s.kind === 'prose')).toBe(true);
  });
});
