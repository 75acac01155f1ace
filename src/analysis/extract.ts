// Pulls code out of an LLM answer: fenced blocks (``` or ~~~, tagged or not, unterminated at the end
// of a truncated answer) or, when there is no fence, an answer that is itself code. Never throws.
import { detectLanguage } from './detect-language.js';
import { languageFromPath, normalizeLanguage, type LanguageId } from './languages.js';

export interface CodeBlock {
  /** The block's code, with the fence's own indentation removed from each line. */
  code: string;
  /** From the fence's tag, else detected; undefined for non-code tags (json, text, sql…) or no guess. */
  language: LanguageId | undefined;
  /** False for an answer that is code without any fence. */
  fenced: boolean;
  /** Span of the block's content in the original text (excluding the fence lines). */
  startIndex: number;
  endIndex: number;
  /** The first word of the fence's info string, as written ('' when untagged). */
  tag?: string;
}

/** Tags that name data or prose, not a program: no language, and no guessing either. */
const NON_CODE_TAGS = new Set([
  'text', 'txt', 'plaintext', 'plain', 'output', 'console', 'shell-session', 'json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'xml',
  'html', 'css', 'scss', 'markdown', 'md', 'csv', 'sql', 'diff', 'patch', 'log', 'dockerfile', 'makefile', 'graphql', 'mermaid', 'latex', 'tex',
]);

interface Line {
  text: string;
  start: number;
  /** Index just past the line's text (before its newline). */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const body = text.slice(start, end);
    lines.push({ text: body.endsWith('\r') ? body.slice(0, -1) : body, start, end });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

/** A fence already says "this is code", so one weak signal is enough to name the language. */
const FENCED_MIN_SCORE = 1;
const OPENING_FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*(.*)$/;

/** The language word of an info string: ```python title="x"```, ```{.python}```, ```py:app.py```, ```language-js```. */
export function fenceTag(info: string): string {
  const first = info.trim().split(/[\s{},]+/).find((w) => w.length > 0) ?? '';
  return first.replace(/^\.|^language-|^lang-/i, '');
}

function languageOfTag(tag: string, code: string): LanguageId | undefined {
  if (tag === '') return detectLanguage(code, FENCED_MIN_SCORE);
  const word = tag.split(':')[0];
  const known = normalizeLanguage(word) ?? normalizeLanguage(tag) ?? languageFromPath(tag) ?? languageFromPath(word);
  if (known) return known;
  if (NON_CODE_TAGS.has(word.toLowerCase())) return undefined;
  return detectLanguage(code, FENCED_MIN_SCORE);
}

function stripIndent(line: string, indent: number): string {
  let i = 0;
  while (i < indent && i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}

function fencedBlocks(text: string, lines: Line[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i].text);
    if (!open) continue;
    const [, indentText, fence, info] = open;
    // A backtick fence's info string cannot contain backticks (CommonMark); that is inline code.
    if (fence[0] === '`' && info.includes('`')) continue;
    const closing = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j].text)) j++;
    const body = lines.slice(i + 1, j);
    const code = body.map((l) => stripIndent(l.text, indentText.length)).join('\n');
    const startIndex = body.length > 0 ? body[0].start : lines[i].end;
    const endIndex = body.length > 0 ? body[body.length - 1].end : startIndex;
    if (code.trim() !== '') {
      const tag = fenceTag(info);
      blocks.push({ code, language: languageOfTag(tag, code), fenced: true, startIndex, endIndex: Math.min(endIndex, text.length), tag });
    }
    i = j; // an unterminated fence runs to the end of the answer
  }
  return blocks;
}

const PROSE_LINE = /^[\s>*-]*[A-Z][a-z']*(\s+[\w'’,()-]+){4,}[.:!?]?\s*$/;
/** "Here is the code:", "Output:", "Example usage." — a capitalized phrase without code characters. */
const LEAD_IN = /^[A-Z][\w'’]*(\s+[\w'’,-]+)*\s*[.:!?]$/;
const CODE_PUNCTUATION = /[;{}()[\]=<>$#@:]|^\s{2,}\S|^\s*(def|class|import|from|return|if|for|while|func|fn|let|const|var|package|public|#include)\b/;

/** A line that reads like a sentence rather than code. */
function isProse(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (PROSE_LINE.test(trimmed) && !/[;{}=]|\(\)/.test(trimmed)) return true;
  if (LEAD_IN.test(trimmed)) return true;
  return !CODE_PUNCTUATION.test(line) && trimmed.split(/\s+/).length >= 6;
}

/**
 * An answer without fences is code when, between its first and last code-looking line, most
 * lines look like code and a language can be detected. A lead-in sentence ("Here is the code:") is skipped.
 */
function unfencedBlock(text: string, lines: Line[]): CodeBlock | undefined {
  const kinds = lines.map((l) => (l.text.trim() === '' ? 'blank' : isProse(l.text) ? 'prose' : 'code'));
  const first = kinds.indexOf('code');
  const last = kinds.lastIndexOf('code');
  if (first === -1) return undefined;
  const span = kinds.slice(first, last + 1);
  const nonBlank = span.filter((k) => k !== 'blank').length;
  const code = span.filter((k) => k === 'code').length;
  if (code / nonBlank < 0.7) return undefined;
  const startIndex = lines[first].start;
  const endIndex = lines[last].end;
  const body = text.slice(startIndex, endIndex).replace(/\r\n/g, '\n');
  const language = detectLanguage(body);
  if (!language) return undefined;
  return { code: body, language, fenced: false, startIndex, endIndex, tag: '' };
}

/**
 * Code blocks of an LLM answer, in order. Empty when the answer holds no recognizable code. Pure string
 * work that does not throw on any string (fuzzed in extract.test.ts), so there is no catch-all hiding bugs.
 */
export function extractCode(text: string): CodeBlock[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const lines = splitLines(text);
  const fenced = fencedBlocks(text, lines);
  if (fenced.length > 0) return fenced;
  const whole = unfencedBlock(text, lines);
  return whole ? [whole] : [];
}
