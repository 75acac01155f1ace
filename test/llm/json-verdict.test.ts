import { describe, expect, it } from 'vitest';
import { parseLooseJson, sseData } from '../../src/llm/index.js';

describe('parseLooseJson', () => {
  const cases: Array<[string, string, unknown]> = [
    ['plain object', '{"a": 1}', { a: 1 }],
    ['fenced', '```json\n{"a": [1, 2]}\n```', { a: [1, 2] }],
    ['prose around', 'Verdict follows: {"v": "allow"} — done.', { v: 'allow' }],
    ['trailing commas', '{"a": [1, 2,], "b": {"c": 3,},}', { a: [1, 2], b: { c: 3 } }],
    ['comments', '{\n "a": 1, // why\n "b": "x//y"\n}', { a: 1, b: 'x//y' }],
    ['braces inside strings', 'x {"r": "use {braces} here", "n": 2} y', { r: 'use {braces} here', n: 2 }],
    ['smart quotes', '{\u201cverdict\u201d: \u201crefuse\u201d}', { verdict: 'refuse' }],
    ['first valid of several', 'first {not json} then {"ok": true}', { ok: true }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(parseLooseJson(input)).toEqual(expected);
  });

  it('returns undefined when no object is present', () => {
    expect(parseLooseJson('no json here')).toBeUndefined();
    expect(parseLooseJson('42')).toBeUndefined();
    expect(parseLooseJson('{"unterminated": ')).toBeUndefined();
  });
});

describe('sseData', () => {
  async function parse(parts: string[]): Promise<string[]> {
    const encoder = new TextEncoder();
    async function* body() {
      for (const part of parts) yield encoder.encode(part);
    }
    const out: string[] = [];
    for await (const data of sseData(body())) out.push(data);
    return out;
  }

  it('splits events across arbitrary byte boundaries and line endings', async () => {
    expect(await parse(['data: {"a"', ':1}\n\nda', 'ta: two\r', '\n\r\n: comment\n\ndata: x\rdata: y\r\r'])).toEqual(['{"a":1}', 'two', 'x\ny']);
  });

  it('flushes a final event without a blank line and ignores other fields', async () => {
    expect(await parse(['event: message\nid: 3\ndata: last'])).toEqual(['last']);
  });
});
