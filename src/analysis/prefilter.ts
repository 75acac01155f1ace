// Cheap literal prefilter: a rule runs only when one of its anchors occurs in the source. Anchors are
// derived from the rule (pattern identifiers, literals every matching regex needs, constraints of bound
// metavariables), so scan cost tracks the rules that could match, not the rule count. Sound, not complete:
// a rule whose anchors are absent cannot match; a rule with no derivable anchor always runs.

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const METAVAR = /\$\$?\$?[A-Z_][A-Z0-9_]*/g;
const METAVAR_NAME = /\$\$?\$?([A-Z_][A-Z0-9_]*)/g;
/** Shorter required substrings occur almost everywhere and would not filter anything. */
const MIN_SUBSTRING = 3;

/** "At least one of these must occur": exact identifiers, or lower-cased substrings of the source. */
export interface Requirement {
  identifiers: string[];
  substrings: string[];
}

/** Identifiers of a source text, as a set for O(1) anchor look-ups. */
export function identifierSet(source: string): Set<string> {
  const set = new Set<string>();
  for (const match of source.matchAll(IDENTIFIER)) set.add(match[0]);
  return set;
}

function size(req: Requirement): number {
  return req.identifiers.length + req.substrings.length;
}

/** Prefers fewer alternatives, then longer shortest alternative (a rarer literal). */
function selectivity(req: Requirement): number {
  const shortest = Math.min(...req.identifiers.map((s) => s.length), ...req.substrings.map((s) => s.length));
  return size(req) * 10 - Math.min(shortest, 9);
}

function best(candidates: (Requirement | null)[]): Requirement | null {
  let chosen: Requirement | null = null;
  for (const c of candidates) if (c && size(c) > 0 && (!chosen || selectivity(c) < selectivity(chosen))) chosen = c;
  return chosen;
}

function union(parts: (Requirement | null)[]): Requirement | null {
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  return {
    identifiers: [...new Set(parts.flatMap((p) => p!.identifiers))],
    substrings: [...new Set(parts.flatMap((p) => p!.substrings))],
  };
}

function patternRequirement(pattern: string): Requirement | null {
  const tokens = pattern.replace(METAVAR, ' ').match(IDENTIFIER) ?? [];
  let longest: string | null = null;
  for (const token of tokens) if (!longest || token.length > longest.length) longest = token;
  return longest ? { identifiers: [longest], substrings: [] } : null;
}

// ---- literals a regex needs: a small recursive reader of the common regex syntax ----

interface Cursor {
  source: string;
  at: number;
}

/** Literal alternatives one of which every match of the regex must contain, lower-cased; null if none. */
export function regexLiterals(regex: string): string[] | null {
  try {
    const cursor: Cursor = { source: regex, at: 0 };
    const result = readAlternation(cursor);
    return result && result.every((s) => s.length >= MIN_SUBSTRING) ? [...new Set(result)] : null;
  } catch {
    return null;
  }
}

function readAlternation(c: Cursor): string[] | null {
  const branches: (string[] | null)[] = [readSequence(c)];
  while (c.source[c.at] === '|') {
    c.at++;
    branches.push(readSequence(c));
  }
  if (branches.some((b) => b === null)) return null;
  return branches.flatMap((b) => b!);
}

const CLASS_ESCAPES = new Set(['w', 'W', 'd', 'D', 's', 'S', 'b', 'B', 'A', 'Z', 'z', 'x', 'u', 'p', 'P', 'n', 'r', 't', 'f', 'v', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Returns whether a quantifier follows that makes the previous atom optional, and consumes it. */
function readQuantifier(c: Cursor): 'none' | 'optional' | 'repeat' {
  const ch = c.source[c.at];
  let kind: 'none' | 'optional' | 'repeat' = 'none';
  if (ch === '?' || ch === '*') {
    kind = 'optional';
    c.at++;
  } else if (ch === '+') {
    kind = 'repeat';
    c.at++;
  } else if (ch === '{') {
    const m = /^\{(\d*)(,\d*)?\}/.exec(c.source.slice(c.at));
    if (m) {
      kind = m[1] === '' || Number(m[1]) === 0 ? 'optional' : 'repeat';
      c.at += m[0].length;
    }
  }
  if (kind !== 'none' && (c.source[c.at] === '?' || c.source[c.at] === '+')) c.at++; // lazy / possessive
  return kind;
}

function readSequence(c: Cursor): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run.length >= MIN_SUBSTRING) candidates.push([run.toLowerCase()]);
    run = '';
  };
  while (c.at < c.source.length && c.source[c.at] !== '|' && c.source[c.at] !== ')') {
    const ch = c.source[c.at];
    if (ch === '(') {
      c.at++;
      let discard = false;
      if (c.source[c.at] === '?') {
        const flags = /^\?([a-zA-Z-]*)(:|\))/.exec(c.source.slice(c.at));
        const named = /^\?P?<[A-Za-z_]\w*>/.exec(c.source.slice(c.at));
        if (flags && flags[2] === ')') {
          c.at += flags[0].length; // inline flags such as (?i): nothing to read
          continue;
        } else if (flags) c.at += flags[0].length;
        else if (named) c.at += named[0].length;
        else {
          discard = true; // lookaround: it asserts, it does not consume a required literal
          c.at += /^\?<?[=!]/.exec(c.source.slice(c.at))?.[0].length ?? 1;
        }
      }
      const inner = readAlternation(c);
      if (c.source[c.at] !== ')') throw new Error('unbalanced group');
      c.at++;
      flush();
      const quantifier = readQuantifier(c);
      if (!discard && quantifier !== 'optional' && inner) candidates.push(inner.map((s) => s.toLowerCase()));
      continue;
    }
    if (ch === '[') {
      c.at++;
      if (c.source[c.at] === '^') c.at++;
      if (c.source[c.at] === ']') c.at++;
      while (c.at < c.source.length && c.source[c.at] !== ']') c.at += c.source[c.at] === '\\' ? 2 : 1;
      c.at++;
      flush();
      readQuantifier(c);
      continue;
    }
    let literal: string | null = null;
    if (ch === '\\') {
      const next = c.source[c.at + 1];
      c.at += 2;
      if (next !== undefined && 'pPxu'.includes(next)) {
        // \p{L}, \x{41}, \u{1F600}, \x41: a class or a code point, never a plain literal
        if (c.source[c.at] === '{') c.at = c.source.indexOf('}', c.at) + 1 || c.source.length;
        else if (next === 'x') c.at += 2;
        else if (next === 'u') c.at += 4;
        else c.at += 1;
      } else if (next !== undefined && !CLASS_ESCAPES.has(next)) literal = next;
    } else {
      c.at++;
      if (!'.^$'.includes(ch)) literal = ch;
    }
    const quantifier = readQuantifier(c);
    if (literal === null || quantifier === 'optional') {
      flush();
      continue;
    }
    run += literal;
    if (quantifier === 'repeat') flush();
  }
  flush();
  if (candidates.length === 0) return null;
  // Every item of a sequence is required: keep the most selective one.
  return candidates.reduce((a, b) => (b.length < a.length || (b.length === a.length && Math.min(...b.map((s) => s.length)) > Math.min(...a.map((s) => s.length))) ? b : a));
}

// ---- rules ----

type RuleObject = Record<string, unknown>;

interface DeriveContext {
  utils: Record<string, unknown>;
  depth: number;
}

function regexRequirement(regex: unknown): Requirement | null {
  if (typeof regex !== 'string') return null;
  const literals = regexLiterals(regex);
  return literals ? { identifiers: [], substrings: literals } : null;
}

function patternOf(r: RuleObject): string | undefined {
  if (typeof r.pattern === 'string') return r.pattern;
  const context = (r.pattern as RuleObject | undefined)?.context;
  return typeof context === 'string' ? context : undefined;
}

/**
 * Metavariables every match binds: a pattern's own, all of an AND's parts, only those common to every
 * branch of `any`, none under `not`. Constraints on them must hold, so their literals are anchors too.
 */
function boundMetavariables(rule: unknown, ctx: DeriveContext): Set<string> {
  const bound = new Set<string>();
  if (!rule || typeof rule !== 'object' || ctx.depth > 12) return bound;
  const r = rule as RuleObject;
  const next = { ...ctx, depth: ctx.depth + 1 };
  const pattern = patternOf(r);
  if (pattern !== undefined) for (const m of pattern.matchAll(METAVAR_NAME)) bound.add(m[1]);
  const parts: unknown[] = [];
  for (const key of ['has', 'inside', 'follows', 'precedes']) if (r[key]) parts.push(r[key]);
  if (Array.isArray(r.all)) parts.push(...r.all);
  if (typeof r.matches === 'string' && ctx.utils[r.matches]) parts.push(ctx.utils[r.matches]);
  for (const part of parts) for (const name of boundMetavariables(part, next)) bound.add(name);
  if (Array.isArray(r.any) && r.any.length > 0) {
    const branches = r.any.map((branch) => boundMetavariables(branch, next));
    for (const name of branches[0]) if (branches.every((b) => b.has(name))) bound.add(name);
  }
  return bound;
}

function ruleRequirement(rule: unknown, ctx: DeriveContext): Requirement | null {
  if (!rule || typeof rule !== 'object' || ctx.depth > 12) return null;
  const r = rule as RuleObject;
  const next = { ...ctx, depth: ctx.depth + 1 };
  const candidates: (Requirement | null)[] = [];
  const pattern = patternOf(r);
  if (pattern !== undefined) candidates.push(patternRequirement(pattern));
  candidates.push(regexRequirement(r.regex));
  for (const key of ['has', 'inside', 'follows', 'precedes']) if (r[key]) candidates.push(ruleRequirement(r[key], next));
  if (Array.isArray(r.all)) for (const item of r.all) candidates.push(ruleRequirement(item, next));
  if (Array.isArray(r.any)) candidates.push(union(r.any.map((item) => ruleRequirement(item, next))));
  if (typeof r.matches === 'string' && ctx.utils[r.matches]) candidates.push(ruleRequirement(ctx.utils[r.matches], next));
  return best(candidates);
}

/**
 * The requirement of a whole rule file's matcher: the best of its rule tree and of the constraints on
 * metavariables that every match binds. Null means the rule must always run.
 */
export function deriveRequirement(rule: RuleObject, utils: Record<string, unknown> = {}, constraints: Record<string, unknown> = {}): Requirement | null {
  const ctx: DeriveContext = { utils, depth: 0 };
  const fromRule = ruleRequirement(rule, ctx);
  const fromConstraints = [...boundMetavariables(rule, ctx)].map((name) => (constraints[name] ? ruleRequirement(constraints[name], ctx) : null));
  return best([fromRule, ...fromConstraints]);
}

/** Kept for callers of the first API: the anchor texts of a rule, or null when it always runs. */
export function deriveAnchors(rule: RuleObject): string[] | null {
  const req = deriveRequirement(rule);
  return req ? [...req.identifiers, ...req.substrings] : null;
}
