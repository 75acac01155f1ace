// extractCode: fences of both kinds, info strings, truncated answers, unfenced code, language guesses.
import { describe, expect, it } from 'vitest';
import { extractCode, fenceTag } from '../../src/analysis/extract.js';
import { detectLanguage } from '../../src/analysis/detect-language.js';

describe('extractCode', () => {
  it('returns tagged fenced blocks with spans into the original text', () => {
    const text = 'Here you go:\n```python title="app.py"\nimport os\nos.system(cmd)\n```\nand\n~~~js\nlet a = 1\n~~~\n';
    const blocks = extractCode(text);
    expect(blocks.map((b) => [b.language, b.fenced, b.code])).toEqual([
      ['python', true, 'import os\nos.system(cmd)'],
      ['javascript', true, 'let a = 1'],
    ]);
    for (const b of blocks) expect(text.slice(b.startIndex, b.endIndex)).toBe(b.code);
  });

  it('reads info-string variants', () => {
    expect(fenceTag('python title="x"')).toBe('python');
    expect(fenceTag('{.cpp}')).toBe('cpp');
    expect(fenceTag('language-ts')).toBe('ts');
    expect(extractCode('```py:main.py\nx = 1\n```')[0].language).toBe('python');
    expect(extractCode('```main.go\npackage main\n```')[0].language).toBe('go');
    expect(extractCode('```C++\nint x;\n```')[0].language).toBe('cpp');
  });

  it('keeps an unterminated final fence from a truncated answer', () => {
    const blocks = extractCode('Sure:\n```java\npublic class A {\n  void f() {\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0].language).toBe('java');
    expect(blocks[0].code).toContain('void f()');
  });

  it('detects the language of untagged fences', () => {
    const cases: [string, string][] = [
      ['import yaml\ndef load(x):\n    return yaml.load(x)\n', 'python'],
      ['#include <stdio.h>\nint main(void) { char b[8]; gets(b); return 0; }\n', 'c'],
      ['#include <iostream>\nint main() { std::cout << 1; }\n', 'cpp'],
      ['const x: string = "a";\nfunction f(a: number): void {}\n', 'typescript'],
      ['const fs = require("fs");\nconsole.log(fs.readFileSync(p));\n', 'javascript'],
      ['package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n', 'go'],
      ['<?php\n$x = $_GET["a"];\necho $x;\n', 'php'],
      ['using System;\nclass A { static void Main() { Console.WriteLine("hi"); } }\n', 'csharp'],
      ['fn main() {\n    let mut v = Vec::new();\n    v.push(1);\n}\n', 'rust'],
      ['require "json"\ndef f\n  puts "x"\nend\n', 'ruby'],
    ];
    for (const [code, language] of cases) expect(extractCode('```\n' + code + '```')[0].language, code).toBe(language);
  });

  it('takes an answer that is only code, skipping a lead-in sentence', () => {
    const blocks = extractCode('Here is the code:\n\ndef add(a, b):\n    return a + b\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ language: 'python', fenced: false, code: 'def add(a, b):\n    return a + b' });
  });

  it('finds nothing in prose, empty fences or non-string input', () => {
    expect(extractCode('Use parameterized queries, because they keep data apart from the SQL text itself.')).toEqual([]);
    expect(extractCode('```\n\n```')).toEqual([]);
    expect(extractCode('')).toEqual([]);
    expect(extractCode(42 as unknown as string)).toEqual([]);
  });

  it('gives no language to data tags and strips list indentation', () => {
    expect(extractCode('```json\n{"a": 1}\n```')[0].language).toBeUndefined();
    const [block] = extractCode('1. Step\n   ```python\n   x = 1\n   if x:\n       y = 2\n   ```\n');
    expect(block.code).toBe('x = 1\nif x:\n    y = 2');
  });

  it('handles CRLF line endings and longer fences containing shorter ones', () => {
    expect(extractCode('```python\r\nx = 1\r\n```\r\n')[0].code).toBe('x = 1');
    const [outer] = extractCode('````markdown\n```python\nx = 1\n```\n````');
    expect(outer.code).toBe('```python\nx = 1\n```');
  });

  it('returns undefined for text without code signals', () => {
    expect(detectLanguage('hello world')).toBeUndefined();
  });

  it('never throws on hostile text: random bytes, fence soup, huge and deeply nested input', () => {
    // A seeded generator keeps the fuzz deterministic.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['```', '~~~', '````python', '\n', '\r\n', ' ', '{', '}', 'def f():', '    return 1', '<?php', '#include <x>', '\u0000', '\uFFFD', '\uD800', 'é', '`', '\t'];
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(next() * 60);
      const text = Array.from({ length }, () => (next() < 0.2 ? String.fromCharCode(Math.floor(next() * 0xffff)) : pieces[Math.floor(next() * pieces.length)])).join('');
      const blocks = extractCode(text);
      for (const block of blocks) {
        // Spans point into the original text and the code is a string cut from it.
        expect(block.startIndex).toBeGreaterThanOrEqual(0);
        expect(block.endIndex).toBeGreaterThanOrEqual(block.startIndex);
        expect(block.endIndex).toBeLessThanOrEqual(text.length);
        expect(typeof block.code).toBe('string');
      }
    }
    expect(() => extractCode('```python\n' + 'x = ('.repeat(50_000) + '\n```')).not.toThrow();
    expect(() => extractCode('```\n'.repeat(20_000))).not.toThrow();
    expect(() => extractCode('a'.repeat(2_000_000))).not.toThrow();
  });
});
