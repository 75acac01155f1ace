// Every CLI command registers itself on the program; add one entry per command. Each command's module
// (and what it pulls in: the server, SQLite, the sandbox, the scorer) loads only when that command runs:
// loading them all cost `codeward scan` ~0.5 s before it read its first file.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

/** Commands in the order help lists them, each loaded on demand. */
export const commands: Record<string, () => Promise<RegisterCommand>> = {
  scan: async () => (await import('./scan.js')).registerScan,
  fix: async () => (await import('./fix.js')).registerFix,
  serve: async () => (await import('./serve.js')).registerServe,
  logs: async () => (await import('./logs.js')).registerLogs,
  sanitizer: async () => (await import('./sanitizer.js')).registerSanitizer,
  exec: async () => (await import('./exec.js')).registerExec,
  reward: async () => (await import('./reward.js')).registerReward,
};

/**
 * The commands `argv` needs: the one it names, or every command when it names none (help, version,
 * an unknown or misspelt command, which commander then reports against the full list).
 */
export function commandsFor(argv: string[]): string[] {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return name !== undefined && Object.hasOwn(commands, name) ? [name] : Object.keys(commands);
}
