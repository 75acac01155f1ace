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
