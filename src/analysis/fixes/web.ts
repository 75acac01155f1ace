// Programmatic fixers for JavaScript and TypeScript rules (keyed by the name a rule gives in `fixer:`).
import type { Fixer } from './fixer.js';

export const webFixers: Record<string, Fixer> = {};
