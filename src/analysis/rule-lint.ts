// Static checks of rule files that fixtures cannot see: regexes written in the Unicode forms Rust's regex
// crate compiles slowly (napi recompiles every rule per scan), and the ASCII rewrite of such regexes.
// Reads regex syntax with a small scanner; it knows groups, flags, classes and escapes, not every corner.

/** Case-insensitivity and Unicode mode in force at a point of a regex. */
interface Flags {
  i: boolean;
  u: boolean;
}

export interface RegexFinding {
  /** Offset in the regex. */
  at: number;
  form: string;
  advice: string;
}

const ASCII_CLASS: Record<string, string> = { w: '0-9A-Za-z_', d: '0-9', s: ' \\t\\n\\x0B\\f\\r' };
const NEGATED: Record<string, string> = { W: 'w', D: 'd', S: 's' };

function applyFlags(flags: Flags, spec: string): Flags {
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

type Visitor = {
  /** An escape outside a class; returns its replacement (or undefined to keep it). */
  escape(text: string, flags: Flags, at: number): string | undefined;
  klass(text: string, flags: Flags, at: number): string | undefined;
  dot(flags: Flags, at: number): string | undefined;
  literal(ch: string, flags: Flags, at: number): void;
  flagGroup(spec: string, flags: Flags, at: number): string | undefined;
};

/** Walks a regex with the flags in force, letting the visitor replace pieces; returns the rewritten text. */
function walk(regex: string, visitor: Visitor): string {
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

const hasLetter = (text: string) => /[A-Za-z]/.test(text.replace(/\\[A-Za-z](\{[^}]*\})?/g, '').replace(/\[:[a-z]+:\]/g, ''));

/** The slow Unicode forms a regex uses: \w \d \s \b (and negations) and case folding of letters in Unicode mode. */
export function slowRegexForms(regex: string): RegexFinding[] {
  const found: RegexFinding[] = [];
  const flagLetters = (flags: Flags, at: number, text: string) => {
    if (flags.i && flags.u && hasLetter(text)) found.push({ at, form: '(?i)', advice: 'Unicode case folding: use (?i-u) or a (?i-u:...) group' });
  };
  walk(regex, {
    escape(text, flags, at) {
      if (flags.u && /^\\[wWdDsSbB]$/.test(text)) found.push({ at, form: text, advice: 'Unicode class: use [0-9A-Za-z_], [0-9], [ \\t\\n\\x0B\\f\\r] or (?-u:\\b)' });
      return undefined;
    },
    klass(text, flags, at) {
      if (flags.u && /\\[wWdDsS]/.test(text)) found.push({ at, form: text, advice: 'Unicode class inside [...]: spell out the ASCII ranges ([\\s\\S] is (?s:.))' });
      flagLetters(flags, at, text);
      return undefined;
    },
    dot: () => undefined,
    literal(ch, flags, at) {
      flagLetters(flags, at, ch);
    },
    flagGroup: () => undefined,
  });
  // One finding per form is enough to act on.
  return found.filter((f, n) => found.findIndex((g) => g.form === f.form) === n);
}

/**
 * The regex in ASCII forms with the same matches on ASCII text: classes spelled out, `(?i)` without
 * Unicode folding, and `.` / negated classes under `-u` put back in a Unicode group (else they could match
 * invalid UTF-8, which ast-grep refuses). Unknown constructs are kept as written.
 */
export function toAsciiRegex(regex: string): string {
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

/** Every `regex` string in a rule tree (rule, constraints, utils), with its path for messages. */
export function ruleRegexes(tree: unknown, path = ''): { path: string; regex: string }[] {
  if (Array.isArray(tree)) return tree.flatMap((v, n) => ruleRegexes(v, `${path}[${n}]`));
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'regex' && typeof value === 'string' ? [{ path: `${path}.regex`, regex: value }] : ruleRegexes(value, `${path}.${key}`),
  );
}

/** The reason a rule file gives for running on every input (`# always-runs: <why>`), if any. */
export function alwaysRunsReason(fileText: string): string | undefined {
  return /^#\s*always-runs:\s*(\S.*)$/m.exec(fileText)?.[1];
}
