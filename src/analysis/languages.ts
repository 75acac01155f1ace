// The languages the detector parses: ast-grep's built-ins plus the @ast-grep/lang-* dynamic
// tree-sitter parsers, registered once per process, with file extensions and common aliases.
import { createRequire } from 'node:module';
import { registerDynamicLanguage, type DynamicLangRegistrations } from '@ast-grep/napi';

const require = createRequire(import.meta.url);

/** Canonical language ids used in rules, findings and APIs. */
export const LANGUAGES = [
  'python', 'javascript', 'typescript', 'tsx', 'c', 'cpp', 'java', 'go', 'php', 'ruby', 'csharp', 'rust', 'bash',
] as const;
export type LanguageId = (typeof LANGUAGES)[number];

/** Languages that ast-grep ships in its core (names as napi expects them). */
const BUILTIN: Partial<Record<LanguageId, string>> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  tsx: 'Tsx',
};

const DYNAMIC_PACKAGES: Partial<Record<LanguageId, string>> = {
  python: '@ast-grep/lang-python',
  c: '@ast-grep/lang-c',
  cpp: '@ast-grep/lang-cpp',
  java: '@ast-grep/lang-java',
  go: '@ast-grep/lang-go',
  php: '@ast-grep/lang-php',
  ruby: '@ast-grep/lang-ruby',
  csharp: '@ast-grep/lang-csharp',
  rust: '@ast-grep/lang-rust',
  bash: '@ast-grep/lang-bash',
};

const EXTENSIONS: Record<string, LanguageId> = {
  py: 'python', pyw: 'python',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  java: 'java', go: 'go', php: 'php', rb: 'ruby', cs: 'csharp', rs: 'rust',
  sh: 'bash', bash: 'bash',
};

const ALIASES: Record<string, LanguageId> = {
  py: 'python', python3: 'python', js: 'javascript', node: 'javascript', nodejs: 'javascript', jsx: 'javascript',
  ts: 'typescript', 'c++': 'cpp', cxx: 'cpp', cc: 'cpp', golang: 'go', cs: 'csharp', 'c#': 'csharp',
  rb: 'ruby', rs: 'rust', sh: 'bash', shell: 'bash', zsh: 'bash',
};

let registered = false;

/** Registers the dynamic parsers with ast-grep; idempotent. */
export function ensureLanguagesRegistered(): void {
  if (registered) return;
  const registrations: DynamicLangRegistrations = {};
  for (const [id, pkg] of Object.entries(DYNAMIC_PACKAGES)) {
    registrations[id] = require(pkg);
  }
  registerDynamicLanguage(registrations);
  registered = true;
}

/** The shared library and entry symbol of a dynamic language's grammar (what napi loads), if it has one. */
export function grammarLibrary(language: LanguageId): { libraryPath: string; languageSymbol: string } | undefined {
  const pkg = DYNAMIC_PACKAGES[language];
  return pkg ? (require(pkg) as { libraryPath: string; languageSymbol: string }) : undefined;
}

/** The name ast-grep's napi expects for a language id. */
export function astGrepLanguage(language: LanguageId): string {
  return BUILTIN[language] ?? language;
}

/** Normalizes user input ("py", "C++", "golang") to a language id, or undefined when unknown. */
export function normalizeLanguage(name: string | undefined | null): LanguageId | undefined {
  if (!name) return undefined;
  const lower = name.trim().toLowerCase();
  if ((LANGUAGES as readonly string[]).includes(lower)) return lower as LanguageId;
  return ALIASES[lower];
}

export function languageFromPath(path: string): LanguageId | undefined {
  const match = /\.([A-Za-z0-9+]+)$/.exec(path);
  return match ? EXTENSIONS[match[1].toLowerCase()] : undefined;
}
