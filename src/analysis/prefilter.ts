// Cheap literal prefilter: a rule runs only when one of its anchor identifiers occurs in the source.
// Anchors come from the rule's patterns, so scan cost tracks the rules that could match, not the rule count.

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const METAVAR = /\$\$?\$?[A-Z_][A-Z0-9_]*/g;

/** Identifiers of a source text, as a set for O(1) anchor look-ups. */
export function identifierSet(source: string): Set<string> {
  const set = new Set<string>();
  for (const match of source.matchAll(IDENTIFIER)) set.add(match[0]);
  return set;
}

function patternAnchor(pattern: string): string | null {
  const tokens = pattern.replace(METAVAR, ' ').match(IDENTIFIER) ?? [];
  let best: string | null = null;
  for (const token of tokens) if (!best || token.length > best.length) best = token;
  return best;
}

/**
 * Anchors of an ast-grep rule: identifiers of which at least one must occur in any matching source,
 * or null when the rule could match without any (kind-only or regex rules), which means "always run".
 */
export function deriveAnchors(rule: Record<string, unknown>): string[] | null {
  if (typeof rule.pattern === 'string') {
    const anchor = patternAnchor(rule.pattern);
    return anchor ? [anchor] : null;
  }
  if (rule.pattern && typeof rule.pattern === 'object') {
    const selector = (rule.pattern as { context?: unknown }).context;
    if (typeof selector === 'string') {
      const anchor = patternAnchor(selector);
      return anchor ? [anchor] : null;
    }
  }
  if (Array.isArray(rule.any)) {
    const union = new Set<string>();
    for (const branch of rule.any) {
      const anchors = deriveAnchors(branch as Record<string, unknown>);
      if (!anchors) return null;
      for (const a of anchors) union.add(a);
    }
    return [...union];
  }
  if (Array.isArray(rule.all)) {
    for (const branch of rule.all) {
      const anchors = deriveAnchors(branch as Record<string, unknown>);
      if (anchors) return anchors;
    }
  }
  // `has`/`inside` of a kind rule still require their own pattern to occur.
  for (const key of ['has', 'inside'] as const) {
    const nested = rule[key];
    if (nested && typeof nested === 'object' && !rule.pattern) {
      const anchors = deriveAnchors(nested as Record<string, unknown>);
      if (anchors) return anchors;
    }
  }
  return null;
}
