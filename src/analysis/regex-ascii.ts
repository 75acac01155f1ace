// Rewrites rule regexes to ASCII forms before ast-grep compiles them: Rust's Unicode \w, \s, \b and
// case folding cost up to ~1 ms per compile, and napi compiles every rule on every call. The rewrite keeps
// the matches on ASCII text; a small scanner reads groups, flags, classes and escapes, not every corner.

/** Case-insensitivity and Unicode mode in force at a point of a regex. */
export interface Flags {
  i: boolean;
  u: boolean;
}


const ASCII_CLASS: Record<string, string> = { w: '0-9A-Za-z_', d: '0-9', s: ' \\t\\n\\x0B\\f\\r' };
const NEGATED: Record<string, string> = { W: 'w', D: 'd', S: 's' };

export function applyFlags(flags: Flags, spec: string): Flags {
  const next = { ...flags };
  let on = true;
  for (const ch of spec) {
    if (ch === '-') on = false;
    else if (ch === 'i') next.i = on;
    else if (ch === 'u') next.u = on;
  }
  return next;
}

/** Length of the escape starting at `at` (a backslash), including \x{..}, \p{..}, \xNN. */
function escapeLength(regex: string, at: number): number {
  const next = regex[at + 1];
  if (next !== undefined && 'xpPu'.includes(next)) {
    if (regex[at + 2] === '{') {
      const end = regex.indexOf('}', at + 2);
      return end === -1 ? regex.length - at : end - at + 1;
    }
    return next === 'x' ? 4 : next === 'u' ? 6 : 3;
  }
  return 2;
}

/** End (exclusive) of the class starting at `at` (a `[`), nested classes and escapes included. */
function classEnd(regex: string, at: number): number {
  let i = at + 1;
  if (regex[i] === '^') i++;
  if (regex[i] === ']') i++;
  let depth = 1;
  while (i < regex.length && depth > 0) {
    if (regex[i] === '\\') i += escapeLength(regex, i);
    else if (regex[i] === '[' && regex[i + 1] === ':') i = regex.indexOf(':]', i + 2) + 2 || regex.length;
    else {
      if (regex[i] === '[') depth++;
      else if (regex[i] === ']') depth--;
      i++;
    }
  }
  return i;
}

export type Visitor = {
  /** An escape outside a class; returns its replacement (or undefined to keep it). */
  escape(text: string, flags: Flags, at: number): string | undefined;
  klass(text: string, flags: Flags, at: number): string | undefined;
  dot(flags: Flags, at: number): string | undefined;
  literal(ch: string, flags: Flags, at: number): void;
  flagGroup(spec: string, flags: Flags, at: number): string | undefined;
};

/** Walks a regex with the flags in force, letting the visitor replace pieces; returns the rewritten text. */
export function walk(regex: string, visitor: Visitor): string {
  const stack: Flags[] = [];
  let flags: Flags = { i: false, u: true };
  let out = '';
  let i = 0;
  while (i < regex.length) {
    const ch = regex[i];
    if (ch === '\\') {
      const len = escapeLength(regex, i);
      const text = regex.slice(i, i + len);
      out += visitor.escape(text, flags, i) ?? text;
      i += len;
    } else if (ch === '[') {
      const end = classEnd(regex, i);
      const text = regex.slice(i, end);
      out += visitor.klass(text, flags, i) ?? text;
      i = end;
    } else if (ch === '(') {
      const spec = /^\(\?([a-zA-Z-]*)(:|\))/.exec(regex.slice(i));
      if (spec && /^[a-zA-Z-]*$/.test(spec[1]) && spec[1] !== '') {
        const replaced = visitor.flagGroup(spec[1], flags, i);
        const written = replaced ?? spec[1];
        out += `(?${written}${spec[2]}`;
        if (spec[2] === ')') flags = applyFlags(flags, written);
        else {
          stack.push(flags);
          flags = applyFlags(flags, written);
        }
        i += spec[0].length;
      } else {
        const head = /^\((\?P?<[A-Za-z_][A-Za-z0-9_]*>|\?[:=!]|\?<[=!])?/.exec(regex.slice(i))![0];
        stack.push(flags);
        out += head;
        i += head.length;
      }
    } else if (ch === ')') {
      flags = stack.pop() ?? flags;
      out += ch;
      i++;
    } else if (ch === '.') {
      out += visitor.dot(flags, i) ?? ch;
      i++;
    } else {
      visitor.literal(ch, flags, i);
      out += ch;
      i++;
    }
  }
  return out;
}

export const hasLetter = (text: string) => /[A-Za-z]/.test(text.replace(/\\[A-Za-z](\{[^}]*\})?/g, '').replace(/\[:[a-z]+:\]/g, ''));

/**
 * The regex in ASCII forms with the same matches on ASCII text: classes spelled out, `(?i)` without
 * Unicode folding, and `.` / negated classes under `-u` put back in a Unicode group (else they could match
 * invalid UTF-8, which ast-grep refuses). Unknown constructs are kept as written.
 */
export function asciiRegex(regex: string): string {
  return walk(regex, {
    escape(text, flags) {
      const name = text[1];
      if (text.length !== 2) return undefined;
      if (ASCII_CLASS[name]) return `[${ASCII_CLASS[name]}]`;
      if (NEGATED[name]) return `(?u-i:[^${ASCII_CLASS[NEGATED[name]]}])`;
      if ((name === 'b' || name === 'B') && flags.u) return `(?-u:${text})`;
      return undefined;
    },
    klass(text, flags) {
      if (/^\[(\\s\\S|\\S\\s|\\w\\W|\\W\\w|\\d\\D|\\D\\d)\]$/.test(text)) return '(?su:.)';
      let body = text.replace(/\\([wds])/g, (_m, name: string) => ASCII_CLASS[name]);
      if (/\\[WDS]/.test(body)) return undefined;
      const negated = body.startsWith('[^');
      if (negated && !flags.u) {
        if (flags.i && hasLetter(body)) return undefined;
        body = `(?u:${body})`;
      }
      return body;
    },
    dot: (flags) => (flags.u ? undefined : '(?u:.)'),
    literal: () => undefined,
    flagGroup(spec, flags) {
      const next = applyFlags(flags, spec);
      if (!(next.i && next.u && spec.split('-')[0].includes('i'))) return undefined;
      const [on, off = ''] = spec.split('-');
      return `${on.replace('u', '')}-${off}u`;
    },
  });
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
