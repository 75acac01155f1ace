// Programmatic fixers for Python, PHP, Ruby and Bash rules (keyed by the name a rule gives in `fixer:`).
import type { Fixer } from './fixer.js';

export const pythonFixers: Record<string, Fixer> = {};
