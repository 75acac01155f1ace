// What the sandbox needs to know about one language: its source file, an optional host-side
// transform or in-sandbox compile step, and the command that runs it under given limits.

export interface LanguageLimits {
  memoryMb: number;
}

export type TransformOutcome = { ok: true; code: string } | { ok: false; syntax: boolean; message: string };

export interface LanguageSpec {
  id: string;
  aliases: string[];
  /** File name of the program inside /sandbox. */
  sourceFile(code: string): string;
  /** Host-side syntax check or transpile (esbuild); runs before anything enters the sandbox. */
  transform?(code: string): Promise<TransformOutcome>;
  /** argv inside the sandbox that compiles sourceFile; absent for interpreted languages. */
  compile?(code: string): string[];
  run(code: string, limits: LanguageLimits): string[];
  /** Address-space limit for a memory budget; null when the runtime reserves huge virtual ranges. */
  addressSpaceMb(memoryMb: number): number | null;
  /** Whether the toolchain exists on this machine. */
  available(): boolean;
}
