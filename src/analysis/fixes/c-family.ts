// Programmatic fixers for C, C++, C# and Rust rules (keyed by the name a rule gives in `fixer:`).
import type { Fixer } from './fixer.js';

export const cFamilyFixers: Record<string, Fixer> = {};
