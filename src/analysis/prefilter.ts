// Cheap literal prefilter: a rule runs only when one of its anchors occurs in the source. Anchors are
// derived from the rule (pattern identifiers, literals every matching regex needs, constraints of bound
// metavariables), so scan cost tracks the rules that could match, not the rule count. Sound, not complete:
// a rule whose anchors are absent cannot match; a rule with no derivable anchor always runs.

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
/** An ast-grep metavariable in a pattern: $A, $$A, $$$A, $_. */
export const METAVAR = /\$\$?\$?[A-Z_][A-Z0-9_]*/g;
const METAVAR_NAME = /\$\$?\$?([A-Z_][A-Z0-9_]*)/g;
/** Shorter required substrings occur almost everywhere and would not filter anything. */
const MIN_SUBSTRING = 3;

/** "At least one of these must occur": exact identifiers, or lower-cased substrings of the source. */
export interface Requirement {
  identifiers: string[];
  substrings: string[];
}

/**
 * Identifiers of a source text as the prefilter reads them. Selection finds identifier anchors with the
 * whole-identifier matcher (substring-matcher.ts) instead; this is the definition that matcher is tested against.
 */
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

/** Each identifier a pattern spells out must occur in any code it matches. */
function patternRequirements(pattern: string): Requirement[] {
  const tokens = new Set(pattern.replace(METAVAR, ' ').match(IDENTIFIER) ?? []);
  return [...tokens].map((token) => ({ identifiers: [token], substrings: [] }));
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
  resolveContext?: ContextResolver;
}

/** The text a `{context, selector}` pattern selects (see pattern-context.ts); undefined if unknown. */
export type ContextResolver = (context: string, selector: string) => string | undefined;

function regexRequirement(regex: unknown): Requirement | null {
  if (typeof regex !== 'string') return null;
  const literals = regexLiterals(regex);
  return literals ? { identifiers: [], substrings: literals } : null;
}

/**
 * The code a rule's pattern must match. For a `{context, selector}` pattern that is only the selected
 * node: the context's other words (`int _ = free($P);`) need not occur in the scanned code, so they are
 * never anchors; without a resolver the pattern contributes nothing, which only costs selectivity.
 */
function patternOf(r: RuleObject, ctx: DeriveContext): string | undefined {
  if (typeof r.pattern === 'string') return r.pattern;
  const { context, selector } = (r.pattern ?? {}) as RuleObject;
  if (typeof context !== 'string') return undefined;
  if (typeof selector !== 'string') return context;
  return ctx.resolveContext?.(context, selector);
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
  const pattern = patternOf(r, ctx);
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

/**
 * Requirements (all must hold) of a rule object: every identifier of its pattern, the literals of its
 * regex, and those of every AND-ed part; `any` contributes the union of its branches' best requirement.
 */
function ruleRequirements(rule: unknown, ctx: DeriveContext): Requirement[] {
  if (!rule || typeof rule !== 'object' || ctx.depth > 12) return [];
  const r = rule as RuleObject;
  const next = { ...ctx, depth: ctx.depth + 1 };
  const out: Requirement[] = [];
  const pattern = patternOf(r, ctx);
  const strictness = (r.pattern as RuleObject | undefined)?.strictness;
  // `signature` strictness compares node kinds, not text, so its identifiers are not required.
  if (pattern !== undefined && strictness !== 'signature') out.push(...patternRequirements(pattern));
  const fromRegex = regexRequirement(r.regex);
  if (fromRegex) out.push(fromRegex);
  for (const key of ['has', 'inside', 'follows', 'precedes']) if (r[key]) out.push(...ruleRequirements(r[key], next));
  if (Array.isArray(r.all)) for (const item of r.all) out.push(...ruleRequirements(item, next));
  if (Array.isArray(r.any)) {
    const merged = union(r.any.map((item) => best(ruleRequirements(item, next))));
    if (merged) out.push(merged);
  }
  if (typeof r.matches === 'string' && ctx.utils[r.matches]) out.push(...ruleRequirements(ctx.utils[r.matches], next));
  return out;
}

function key(req: Requirement): string {
  return JSON.stringify([[...req.identifiers].sort(), [...req.substrings].sort()]);
}

/**
 * Every requirement of a rule file's matcher (a conjunction), most selective first: its rule tree and the
 * constraints on metavariables that every match binds. Empty means the rule must always run.
 */
export function deriveRequirements(rule: RuleObject, utils: Record<string, unknown> = {}, constraints: Record<string, unknown> = {}, resolveContext?: ContextResolver): Requirement[] {
  const ctx: DeriveContext = { utils, depth: 0, resolveContext };
  const all = [...ruleRequirements(rule, ctx)];
  for (const name of boundMetavariables(rule, ctx)) if (constraints[name]) all.push(...ruleRequirements(constraints[name], ctx));
  const unique = new Map<string, Requirement>();
  for (const req of all) if (size(req) > 0) unique.set(key(req), req);
  return [...unique.values()].sort((a, b) => selectivity(a) - selectivity(b));
}

/** The single most selective requirement of a rule, or null when it must always run. */
export function deriveRequirement(rule: RuleObject, utils: Record<string, unknown> = {}, constraints: Record<string, unknown> = {}): Requirement | null {
  return deriveRequirements(rule, utils, constraints)[0] ?? null;
}

/** Kept for callers of the first API: the anchor texts of a rule, or null when it always runs. */
export function deriveAnchors(rule: RuleObject): string[] | null {
  const req = deriveRequirement(rule);
  return req ? [...req.identifiers, ...req.substrings] : null;
}
