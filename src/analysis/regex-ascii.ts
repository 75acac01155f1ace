// Rewrites the Unicode-wide classes of rule regexes (\w, \d, \s, \b) to their ASCII forms before
// ast-grep compiles them: Rust's Unicode \w alone costs ~0.4 ms per compile, and napi compiles per call.
// Differs only on non-ASCII letters, digits and spaces, which identifiers and keywords in code do not use.

const OUTSIDE: Record<string, string> = {
  w: '[0-9A-Za-z_]',
  d: '[0-9]',
  s: '[\\t\\n\\x0B\\f\\r ]',
  W: '[^0-9A-Za-z_]',
  D: '[^0-9]',
  S: '[^\\t\\n\\x0B\\f\\r ]',
  b: '(?-u:\\b)',
  B: '(?-u:\\B)',
};
const INSIDE: Record<string, string> = { w: '0-9A-Za-z_', d: '0-9', s: '\\t\\n\\x0B\\f\\r ' };

/** The regex with ASCII classes; unchanged text where a rewrite would not be equivalent on ASCII. */
export function asciiRegex(regex: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '\\' && i + 1 < regex.length) {
      const next = regex[i + 1];
      const replacement = inClass ? INSIDE[next] : OUTSIDE[next];
      out += replacement ?? ch + next;
      i++;
      continue;
    }
    if (!inClass && ch === '[') {
      inClass = true;
      out += ch;
      // A leading ^ or ] belongs to the class syntax, not to its end.
      if (regex[i + 1] === '^') out += regex[++i];
      if (regex[i + 1] === ']') out += regex[++i];
      continue;
    }
    if (inClass && ch === '[' && regex[i + 1] === ':') {
      const end = regex.indexOf(':]', i + 2);
      if (end !== -1) {
        out += regex.slice(i, end + 2); // POSIX class such as [:alpha:]
        i = end + 1;
        continue;
      }
    }
    if (inClass && ch === ']') inClass = false;
    out += ch;
  }
  return out;
}

/** Deep copy of a rule tree with every `regex` string rewritten. */
export function asciiRuleTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => asciiRuleTree(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = key === 'regex' && typeof v === 'string' ? asciiRegex(v) : asciiRuleTree(v);
  }
  return out as T;
}
