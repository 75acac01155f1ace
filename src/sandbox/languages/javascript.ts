// JavaScript on node; esbuild parses it on the host first so syntax errors are told apart from
// runtime errors. V8 needs virtual headroom, so the address-space cap sits above the heap cap.
import { existsSync } from 'node:fs';
import { transform } from 'esbuild';
import type { LanguageSpec, TransformOutcome } from './types.js';

export const NODE_BIN = '/usr/bin/node';

/** Parses (and for TypeScript strips types from) a program with esbuild, without bundling. */
export async function esbuildTransform(code: string, loader: 'js' | 'ts'): Promise<TransformOutcome> {
  try {
    const result = await transform(code, { loader, format: loader === 'ts' ? 'cjs' : undefined, target: 'node20', logLevel: 'silent' });
    return { ok: true, code: loader === 'ts' ? result.code : code };
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors ?? [];
    const message = errors.map((e) => (e.location ? `line ${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n');
    return { ok: false, syntax: true, message: message || String(err) };
  }
}

export const javascript: LanguageSpec = {
  id: 'javascript',
  aliases: ['js', 'node', 'nodejs'],
  sourceFile: () => 'solution.js',
  transform: (code) => esbuildTransform(code, 'js'),
  run: (_code, limits) => [NODE_BIN, `--max-old-space-size=${limits.memoryMb}`, '--stack-size=4096', 'solution.js'],
  addressSpaceMb: (memoryMb) => Math.max(memoryMb + 768, 1536),
  available: () => existsSync(NODE_BIN),
};
