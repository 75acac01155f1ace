// Adds an import line a fix needs, once, where each language expects imports to live.
import type { LanguageId } from './languages.js';

function alreadyImported(source: string, line: string): boolean {
  return source.split('\n').some((l) => l.trim() === line.trim());
}

/** Index after a leading shebang, encoding line, docstring, `from __future__` and existing imports (Python). */
function pythonInsertionIndex(lines: string[]): number {
  let i = 0;
  if (lines[0]?.startsWith('#!')) i++;
  while (i < lines.length && /^#.*coding[:=]/.test(lines[i])) i++;
  const docstring = /^\s*(?:[rRuU]?)("""|''')/.exec(lines[i] ?? '');
  if (docstring) {
    const quote = docstring[1];
    const rest = lines[i].slice(lines[i].indexOf(quote) + 3);
    if (!rest.includes(quote)) {
      i++;
      while (i < lines.length && !lines[i].includes(quote)) i++;
    }
    i++;
  }
  let last = -1;
  for (let j = i; j < lines.length; j++) {
    if (/^(import |from \S+ import )/.test(lines[j])) last = j;
    else if (lines[j].trim() !== '' && !lines[j].startsWith('#') && last >= 0) break;
  }
  return last >= 0 ? last + 1 : i;
}

function cInsertionIndex(lines: string[]): number {
  let last = -1;
  lines.forEach((l, j) => {
    if (/^\s*#\s*include\b/.test(l)) last = j;
  });
  return last + 1;
}

function jsInsertionIndex(lines: string[]): number {
  let i = 0;
  if (lines[0]?.startsWith('#!')) i++;
  while (i < lines.length && /^\s*(['"])use strict\1;?\s*$/.test(lines[i])) i++;
  let last = -1;
  lines.forEach((l, j) => {
    if (/^\s*import\s/.test(l) || /^\s*(const|let|var)\s+.*=\s*require\(/.test(l)) last = j;
  });
  return last >= 0 ? last + 1 : i;
}

function javaInsertionIndex(lines: string[]): number {
  let last = -1;
  lines.forEach((l, j) => {
    if (/^\s*(import|package)\s/.test(l)) last = j;
  });
  return last + 1;
}

/** Returns the source with each import line added once (no-op when it is already there). */
export function ensureImports(source: string, imports: string[] | undefined, language: LanguageId): string {
  let result = source;
  for (const line of imports ?? []) {
    if (alreadyImported(result, line)) continue;
    const lines = result.split('\n');
    let at: number;
    switch (language) {
      case 'python':
        at = pythonInsertionIndex(lines);
        break;
      case 'c':
      case 'cpp':
        at = cInsertionIndex(lines);
        break;
      case 'javascript':
      case 'typescript':
      case 'tsx':
        at = jsInsertionIndex(lines);
        break;
      case 'java':
        at = javaInsertionIndex(lines);
        break;
      default:
        at = 0;
    }
    lines.splice(at, 0, line);
    result = lines.join('\n');
  }
  return result;
}
