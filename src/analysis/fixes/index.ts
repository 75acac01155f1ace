// Programmatic fixers, for rewrites a fix template cannot express. A rule names one with `fixer:`.
// A fixer returns the replacement for the matched node, or null when no safe rewrite exists.
import type { SgNode } from '@ast-grep/napi';
import type { LanguageId } from '../languages.js';

export interface FixerContext {
  node: SgNode;
  source: string;
  language: LanguageId;
}

export type Fixer = (ctx: FixerContext) => string | null;

export const fixers: Record<string, Fixer> = {};
