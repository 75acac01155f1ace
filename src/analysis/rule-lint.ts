// Static checks of rule files that fixtures cannot see: regexes written in the Unicode forms Rust's regex
// crate compiles slowly (napi recompiles every rule per scan); regex-ascii.ts holds the scanner and the rewrite.

import { walk, type Flags, hasLetter } from './regex-ascii.js';

export interface RegexFinding {
  /** Offset in the regex. */
  at: number;
  form: string;
  advice: string;
}


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
