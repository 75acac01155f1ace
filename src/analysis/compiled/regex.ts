// Translates a rule's Rust regex (as ast-grep compiles it) into an equivalent JS RegExp, once per rule.
// Covers what our rules use: scoped flags (i, s, u, m), ASCII classes, groups and quantifiers; anything else
// (\p{..}, nested classes, verbose mode) throws UnsupportedRegex so the rule stays on the napi path.

export class UnsupportedRegex extends Error {}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

const SPACE = ' \\t\\n\\x0B\\f\\r';

function applyFlags(flags: Flags, spec: string): Flags {
  const next = { ...flags };
  let on = true;
  for (const ch of spec) {
    if (ch === '-') on = false;
    else if (ch === 'i' || ch === 's' || ch === 'm') next[ch] = on;
    else if (ch !== 'u') throw new UnsupportedRegex(`flag ${ch}`);
  }
  return next;
}

const isLetter = (ch: string) => /^[A-Za-z]$/.test(ch);
const swapCase = (ch: string) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());
/** Characters that need a backslash inside a JS character class. */
const classChar = (ch: string) => (/[\\\]^-]/.test(ch) ? `\\${ch}` : ch);

/** One escape outside a class; returns its JS spelling and length. */
function translateEscape(regex: string, at: number, flags: Flags): [string, number] {
  const next = regex[at + 1];
  if (next === undefined) throw new UnsupportedRegex('trailing backslash');
  if (next === 'A') return ['^', 2];
  if (next === 'z') return ['$', 2];
  if (next === 's') return [`[${SPACE}]`, 2];
  if (next === 'S') return [`[^${SPACE}]`, 2];
  if ('wWdDbBntrfv'.includes(next)) return [`\\${next}`, 2];
  if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(regex.slice(at + 2, at + 4))) {
    const ch = String.fromCharCode(parseInt(regex.slice(at + 2, at + 4), 16));
    return [flags.i && isLetter(ch) ? `[${ch}${swapCase(ch)}]` : `\\x${regex.slice(at + 2, at + 4)}`, 4];
  }
  if (/[A-Za-z0-9]/.test(next)) throw new UnsupportedRegex(`escape \\${next}`);
  return [`\\${next}`, 2];
}

/** A class `[...]` starting at `at`; returns its JS spelling and the index after it. */
function translateClass(regex: string, at: number, flags: Flags): [string, number] {
  let i = at + 1;
  let out = '[';
  if (regex[i] === '^') {
    out += '^';
    i++;
  }
  const items: string[] = [];
  let first = true;
  while (i < regex.length && (regex[i] !== ']' || first)) {
    first = false;
    const ch = regex[i];
    if (ch === '[') throw new UnsupportedRegex('nested class');
    if ((ch === '&' || ch === '~') && regex[i + 1] === ch) throw new UnsupportedRegex('class set operation');
    let atom: string;
    if (ch === '\\') {
      const e = regex[i + 1];
      if (e === 's') atom = SPACE;
      else if ('wdWD'.includes(e)) atom = `\\${e}`;
      else if ('ntrfv'.includes(e)) atom = `\\${e}`;
      else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(regex.slice(i + 2, i + 4))) {
        atom = classChar(String.fromCharCode(parseInt(regex.slice(i + 2, i + 4), 16)));
        i += 2;
      } else if (e === undefined || /[A-Za-z0-9]/.test(e)) throw new UnsupportedRegex(`class escape \\${e}`);
      else atom = classChar(e);
      i += 2;
    } else {
      atom = classChar(ch);
      i++;
    }
    // A range `a-z`: both ends plain characters.
    if (regex[i] === '-' && regex[i + 1] !== ']' && regex[i + 1] !== undefined && atom.length <= 2 && !/^\\[wdWDs]$/.test(atom)) {
      const lo = atom.replace(/^\\/, '');
      let hi = regex[i + 1];
      let len = 2;
      if (hi === '\\') {
        hi = regex[i + 2];
        len = 3;
        if (/[A-Za-z0-9]/.test(hi)) throw new UnsupportedRegex('escaped range end');
      }
      i += len;
      items.push(`${classChar(lo)}-${classChar(hi)}`);
      if (flags.i) items.push(...caseRange(lo, hi));
      continue;
    }
    items.push(atom);
    if (flags.i && atom.length === 1 && isLetter(atom)) items.push(swapCase(atom));
  }
  if (regex[i] !== ']') throw new UnsupportedRegex('unclosed class');
  return [out + items.join('') + ']', i + 1];
}

/** The other case of the letters in a range, as extra ranges. */
function caseRange(lo: string, hi: string): string[] {
  const out: string[] = [];
  for (const [a, z] of [['a', 'z'], ['A', 'Z']]) {
    const from = lo > a ? lo : a;
    const to = hi < z ? hi : z;
    if (from <= to) out.push(`${swapCase(from)}-${swapCase(to)}`);
  }
  return out;
}

/** The JS RegExp that matches what Rust's regex crate matches for `regex` (is_match: unanchored search). */
export function translateRegex(regex: string): RegExp {
  const stack: Flags[] = [];
  let flags: Flags = { i: false, s: false, m: false };
  let out = '';
  let i = 0;
  while (i < regex.length) {
    const ch = regex[i];
    if (ch === '\\') {
      const [text, len] = translateEscape(regex, i, flags);
      out += text;
      i += len;
    } else if (ch === '[') {
      const [text, end] = translateClass(regex, i, flags);
      out += text;
      i = end;
    } else if (ch === '(') {
      const rest = regex.slice(i);
      const flagGroup = /^\(\?([a-zA-Z-]+)(:|\))/.exec(rest);
      if (flagGroup) {
        if (flagGroup[2] === ')') flags = applyFlags(flags, flagGroup[1]);
        else {
          stack.push(flags);
          flags = applyFlags(flags, flagGroup[1]);
          out += '(?:';
        }
        i += flagGroup[0].length;
        continue;
      }
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      stack.push(flags);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 3;
      } else if (rest.startsWith('(?')) {
        throw new UnsupportedRegex('group syntax');
      } else {
        out += '(';
        i++;
      }
    } else if (ch === ')') {
      if (stack.length === 0) throw new UnsupportedRegex('unbalanced )');
      flags = stack.pop()!;
      out += ')';
      i++;
    } else if (ch === '.') {
      out += flags.s ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (ch === '^') {
      out += flags.m ? '(?<=^|\\n)' : '^';
      i++;
    } else if (ch === '$') {
      out += flags.m ? '(?=$|\\n)' : '$';
      i++;
    } else if (ch === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(regex.slice(i));
      if (!quantifier) throw new UnsupportedRegex('brace');
      out += quantifier[0];
      i += quantifier[0].length;
    } else if ('*+?|'.includes(ch)) {
      out += ch;
      i++;
    } else {
      out += flags.i && isLetter(ch) ? `[${ch}${swapCase(ch)}]` : /[\]}/]/.test(ch) ? `\\${ch}` : ch;
      i++;
    }
  }
  if (stack.length) throw new UnsupportedRegex('unbalanced (');
  try {
    return new RegExp(out);
  } catch (err) {
    throw new UnsupportedRegex(`JS rejects the translation: ${(err as Error).message}`);
  }
}
