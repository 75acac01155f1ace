// Locates files shipped with the package (rules, models, policy) from both src/ (tests) and dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The directory holding codeward's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('codeward: cannot locate package root');
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

/** A path inside the package, e.g. packagePath('src/analysis/rules'). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
