// TypeScript: esbuild strips the types on the host (no type check, like ts-node --transpile-only),
// then the JavaScript runs on node exactly like the javascript language.
import { esbuildTransform, javascript } from './javascript.js';
import type { LanguageSpec } from './types.js';

export const typescript: LanguageSpec = {
  ...javascript,
  id: 'typescript',
  aliases: ['ts'],
  sourceFile: () => 'solution.mjs',
  transform: (code) => esbuildTransform(code, 'ts'),
  run: (code, limits) => javascript.run(code, limits).map((arg) => (arg === 'solution.js' ? 'solution.mjs' : arg)),
};
