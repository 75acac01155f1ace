// Rewrites string-built SQL in DB-API calls (`cur.execute("... '%s'" % x)`, f-strings) into a
// parameterized query. Only values in value positions are moved; identifiers (table names) are left.
import type { SgNode } from '@ast-grep/napi';
import type { Fixer } from './fixer.js';

/** A placeholder must follow one of these (after an optional quote) to be a value, not an identifier. */
const VALUE_CONTEXT = /(=|<|>|\(|,|\blike|\bvalues\s*\(|\bin\s*\()\s*['"]?$/i;

interface Piece {
  /** The SQL text before the placeholder, with the quote that opened the value removed. */
  before: string;
  /** Python expression bound to the placeholder. */
  value: string;
}

function splitStringLiteral(text: string): { prefix: string; quote: string; body: string } | null {
  const match = /^([rRuUfF]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (!match || /\\/.test(match[3])) return null;
  return { prefix: match[1].toLowerCase(), quote: match[2], body: match[3] };
}

/** Replaces each value-position placeholder; returns null when any placeholder is not a value. */
function rebuild(pieces: Piece[], tail: string, marker: string): string | null {
  let sql = '';
  let pendingQuote = '';
  for (const piece of pieces) {
    let before = pendingQuote ? piece.before.replace(new RegExp(`^\\${pendingQuote}`), '') : piece.before;
    if (!VALUE_CONTEXT.test(before)) return null;
    const quote = /(['"])$/.exec(before)?.[1] ?? '';
    if (quote) before = before.slice(0, -1);
    pendingQuote = quote;
    sql += before + marker;
  }
  const rest = pendingQuote ? tail.replace(new RegExp(`^\\${pendingQuote}`), '') : tail;
  if (pendingQuote && rest === tail) return null;
  return sql + rest;
}

function percentPieces(body: string, args: string[]): { pieces: Piece[]; tail: string } | null {
  const parts = body.split(/%[sd]/);
  if (parts.length - 1 !== args.length || parts.some((p) => p.includes('%'))) return null;
  return { pieces: args.map((value, i) => ({ before: parts[i], value })), tail: parts[parts.length - 1] };
}

function fStringPieces(node: SgNode): { pieces: Piece[]; tail: string } | null {
  const pieces: Piece[] = [];
  let text = '';
  for (const child of node.children()) {
    const kind = child.kind();
    if (kind === 'string_start' || kind === 'string_end') continue;
    if (kind === 'string_content') {
      text += child.text();
      continue;
    }
    if (kind !== 'interpolation') return null;
    const inner = child.children().filter((c) => c.kind() !== '{' && c.kind() !== '}');
    if (inner.length !== 1) return null;
    pieces.push({ before: text, value: inner[0].text() });
    text = '';
  }
  if (/[{}]/.test(text) || pieces.some((p) => /[{}]/.test(p.before))) return null;
  return { pieces, tail: text };
}

function tupleItems(node: SgNode): string[] {
  if (node.kind() === 'tuple' || node.kind() === 'parenthesized_expression') {
    const items = node.children().filter((c) => c.isNamed() && c.kind() !== 'comment');
    if (node.kind() === 'tuple') return items.map((c) => c.text());
    return items.length === 1 ? tupleItems(items[0]) : [];
  }
  return [node.text()];
}

export const parameterizePythonSql: Fixer = ({ node, source }) => {
  const query = node.getMatch('Q');
  const method = node.getMatch('M');
  const receiver = node.getMatch('C');
  if (!query || !receiver || !method) return null;
  let parts: { pieces: Piece[]; tail: string } | null;
  let literal: ReturnType<typeof splitStringLiteral>;
  if (query.kind() === 'binary_operator') {
    const [left, op, right] = query.children();
    literal = left?.kind() === 'string' ? splitStringLiteral(left.text()) : null;
    if (!literal || literal.prefix.includes('f') || op?.text() !== '%' || !right) return null;
    parts = percentPieces(literal.body, tupleItems(right));
  } else if (query.kind() === 'string') {
    literal = splitStringLiteral(query.text());
    if (!literal || !literal.prefix.includes('f')) return null;
    parts = fStringPieces(query);
  } else {
    return null;
  }
  if (!parts || parts.pieces.length === 0) return null;
  const marker = /\bsqlite3\b/.test(source) ? '?' : '%s';
  const sql = rebuild(parts.pieces, parts.tail, marker);
  if (sql === null) return null;
  const values = parts.pieces.map((p) => p.value);
  const params = values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
  const prefix = literal.prefix.replace('f', '');
  return `${receiver.text()}.${method.text()}(${prefix}${literal.quote}${sql}${literal.quote}, ${params})`;
};
