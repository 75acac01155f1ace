// Runs the codeward CLI in-process and captures what it writes; colours (on under CI=true) are stripped
// so assertions read the plain text.
import { stripVTControlCharacters } from 'node:util';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'codeward', ...args]);
    return { code, out: stripVTControlCharacters(out), err: stripVTControlCharacters(err) };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}
