// Turns SQL built from string pieces and interpolated values into a parameterized query plus its values.
// Only values in value positions (after =, LIKE, IN (, a comma...) are bound; anything else gives null.

/** One piece of string-built SQL: literal text or the source text of an interpolated value. */
export type SqlSegment = { literal: string } | { expr: string };

/** How one language/driver writes a parameterized query. */
export interface PlaceholderStyle {
  /** Matches the SQL text just before a value when that value is in a value position. */
  valueContext: RegExp;
  /** `$1, $2, ...` (PostgreSQL drivers) instead of `?`. */
  numbered: boolean;
}

/**
 * Replaces every interpolated value with a placeholder, dropping the single quotes that wrapped a
 * quoted value ('" + x + "' → ?). Returns null when a value sits outside a value position, inside a
 * partial literal ('%' + x, 'abc' + x) or when there is no value at all.
 */
export function bindPlaceholders(segments: readonly SqlSegment[], style: PlaceholderStyle): { sql: string; values: string[] } | null {
  const values: string[] = [];
  let text = '';
  let dropLeadingQuote = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if ('literal' in segment) {
      text += dropLeadingQuote ? segment.literal.slice(1) : segment.literal;
      dropLeadingQuote = false;
      continue;
    }
    let before = text;
    const next = segments[i + 1];
    const quoted = before.endsWith("'") && next !== undefined && 'literal' in next && next.literal.startsWith("'");
    if (quoted) before = before.slice(0, -1);
    if (!style.valueContext.test(before)) return null;
    // A value glued to an open literal ('abc' + x, '%' + x) is part of a string, not a whole value.
    if (!quoted && /['%]$/.test(before)) return null;
    dropLeadingQuote = quoted;
    values.push(segment.expr);
    text = `${before}${style.numbered ? `$${values.length}` : '?'}`;
  }
  return values.length ? { sql: text, values } : null;
}
