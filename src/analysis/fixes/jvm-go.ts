// Programmatic fixers for Java and Go rules (keyed by the name a rule gives in `fixer:`).
import type { Fixer } from './fixer.js';

export const jvmAndGoFixers: Record<string, Fixer> = {};
