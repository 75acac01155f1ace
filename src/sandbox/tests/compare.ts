// Compares a program's stdout with the expected output: exact, whitespace-normalized, or numeric
// with tolerance; 'auto' accepts any of the three (the usual APPS/LiveCodeBench grading).
import type { CompareMode } from './spec.js';

/** Relative/absolute tolerance for numeric comparison. */
export const NUMERIC_TOLERANCE = 1e-6;

function normalizeWhitespace(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).join(' '))
    .filter((line, i, all) => line !== '' || all.slice(i).some((rest) => rest !== ''));
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function numericEqual(actual: string, expected: string): boolean {
  const a = tokens(actual);
  const e = tokens(expected);
  if (a.length !== e.length) return false;
  return a.every((token, i) => {
    if (token === e[i]) return true;
    const x = Number(token);
    const y = Number(e[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    return Math.abs(x - y) <= NUMERIC_TOLERANCE * Math.max(1, Math.abs(y));
  });
}

export function outputsMatch(actual: string, expected: string, mode: CompareMode = 'auto'): boolean {
  if (mode === 'exact') return actual === expected;
  const whitespace = normalizeWhitespace(actual).join('\n') === normalizeWhitespace(expected).join('\n');
  if (mode === 'whitespace') return whitespace;
  if (mode === 'numeric') return numericEqual(actual, expected);
  return actual === expected || whitespace || numericEqual(actual, expected);
}

/** APPS stores an expected output as a string or a list of lines. */
export function expectedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  return JSON.stringify(value);
}

/** APPS stdin is a string or a list of lines. */
export function stdinText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  return JSON.stringify(value);
}
