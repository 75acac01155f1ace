// The signature every programmatic fixer has.
import type { SgNode } from '@ast-grep/napi';
import type { LanguageId } from '../languages.js';

export interface FixerContext {
  /** The node the rule matched; metavariables are available through node.getMatch(). */
  node: SgNode;
  source: string;
  language: LanguageId;
}

/** Returns the replacement text for the matched node, or null when no safe rewrite exists. */
export type Fixer = (ctx: FixerContext) => string | null;

/** Replaces the text of metavariable `name` inside the matched node, keeping the rest of the match. */
export function replaceMetavar(node: SgNode, name: string, replacement: (text: string) => string | null): string | null {
  const target = node.getMatch(name);
  if (!target) return null;
  const next = replacement(target.text());
  if (next === null || next === target.text()) return null;
  const offset = node.range().start.index;
  const text = node.text();
  return text.slice(0, target.range().start.index - offset) + next + text.slice(target.range().end.index - offset);
}
