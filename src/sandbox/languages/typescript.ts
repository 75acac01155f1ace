// TypeScript: esbuild strips the types on the host (no type check, like ts-node --transpile-only),
// then runs on node as CommonJS (ES imports become require calls, so both styles work).
import { esbuildTransform, javascript } from './javascript.js';
import type { LanguageSpec } from './types.js';

export const typescript: LanguageSpec = {
  ...javascript,
  id: 'typescript',
  aliases: ['ts'],
  sourceFile: () => 'solution.cjs',
  transform: (code) => esbuildTransform(code, 'ts'),
  run: (code, limits) => javascript.run(code, limits).map((arg) => (arg === 'solution.js' ? 'solution.cjs' : arg)),
};
