// Programmatic fixers, for rewrites a fix template cannot express. A rule names one with `fixer:`.
// A fixer returns the replacement for the matched node, or null when no safe rewrite exists.
import { cFamilyFixers } from './c-family.js';
import { jvmAndGoFixers } from './jvm-go.js';
import { pythonFixers } from './python.js';
import { webFixers } from './web.js';
import type { Fixer } from './fixer.js';

export type { Fixer, FixerContext } from './fixer.js';

export const fixers: Record<string, Fixer> = {
  ...pythonFixers,
  ...webFixers,
  ...jvmAndGoFixers,
  ...cFamilyFixers,
};
