// The evaluation's matching rules: locating CyberSecEval's labelled line inside the snippet, the CWE
// equivalence table, and what counts as a hit.
import { describe, expect, it } from 'vitest';
import { cweMatches } from '../../../src/eval/detector/cwe-equivalence.js';
import { isHit, labelledLines } from '../../../src/eval/detector/cyberseceval.js';
import type { Finding } from '../../../src/analysis/types.js';

const row = { id: 'x', language: 'python', cwe: 'CWE-328', line: 241, line_text: '    h = hashlib.md5(data)', code: 'import hashlib\n\ndef f(data):\n    h = hashlib.md5(data)\n    return h\n' };

function finding(line: number, cwe: string[]): Finding {
  return { ruleId: 'r', cwe, severity: 'medium', message: 'm', snippet: 's', fixable: false, range: { start: { line, column: 1 }, end: { line, column: 9 }, startIndex: 0, endIndex: 1 } };
}

describe('CyberSecEval matching', () => {
  it('locates the labelled line by its text, not the file line number', () => {
    expect(labelledLines(row)).toEqual([4]);
  });

  it('accepts only documented CWE equivalents near the line', () => {
    expect(cweMatches('CWE-328', 'CWE-327')).toBe(true);
    expect(cweMatches('CWE-338', 'CWE-330')).toBe(true);
    expect(cweMatches('CWE-120', 'CWE-676')).toBe(true);
    expect(cweMatches('CWE-78', 'CWE-89')).toBe(false);
    expect(isHit(row, [4], [finding(5, ['CWE-327'])])).toBe(true);
    expect(isHit(row, [4], [finding(9, ['CWE-327'])])).toBe(false);
    expect(isHit(row, [4], [finding(4, ['CWE-89'])])).toBe(false);
  });
});
