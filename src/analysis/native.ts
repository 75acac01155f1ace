// The native addon (native/flat-tree, built by `npm ci` or `npm run build:native`): tree-sitter parsing into
// a flat array (compiled/flat-tree.ts) and the prefilter's Aho–Corasick matcher (substring-matcher.ts).
// Optional: without it both fall back to their JS paths, slower, with the same results.
import { createRequire } from 'node:module';
import { packagePath } from '../shared/paths.js';

export interface NativeAddon {
  load(path: string, symbol: string): object;
  names(grammar: object): { kinds: string[]; fields: string[] };
  parse(grammar: object, source: string): { nodes: Int32Array; hasError: boolean } | null;
  /** Throws a TypeError for a literal outside ASCII. */
  matcher(literals: string[], caseSensitive: boolean, wholeIdentifiers: boolean): object;
  find(matcher: object, text: string): Int32Array;
}

export const NATIVE_ADDON = packagePath('native', 'flat-tree', 'build', 'Release', 'flat_tree.node');

let addon: NativeAddon | null | undefined;
let loadError = '';

/** The addon, or null when it is not built (nativeStatus says why). */
export function nativeAddon(): NativeAddon | null {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(NATIVE_ADDON) as NativeAddon;
    } catch (err) {
      addon = null;
      loadError = (err as Error).message;
    }
  }
  return addon;
}

export function nativeStatus(): { available: boolean; reason?: string } {
  return nativeAddon() ? { available: true } : { available: false, reason: loadError };
}
