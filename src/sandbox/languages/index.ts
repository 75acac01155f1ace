// The language registry: one spec per language, looked up by id or alias (case-insensitive).
// A language whose toolchain is missing is reported as unsupported, never run half-way.
import { CodewardError } from '../../shared/errors.js';
import { bash } from './bash.js';
import { c, cpp } from './c-family.js';
import { javascript } from './javascript.js';
import { go, java } from './jvm-go.js';
import { python } from './python.js';
import type { LanguageSpec } from './types.js';
import { typescript } from './typescript.js';

export type { LanguageSpec, TransformOutcome } from './types.js';

export const LANGUAGES: LanguageSpec[] = [python, javascript, typescript, c, cpp, bash, java, go];

/** The spec for a language name; unsupported_language when unknown or its toolchain is missing. */
export function resolveLanguage(name: string): LanguageSpec {
  const key = name.trim().toLowerCase();
  const spec = LANGUAGES.find((lang) => lang.id === key || lang.aliases.includes(key));
  if (!spec) {
    throw new CodewardError('unsupported_language', `Unsupported language "${name}".`, `Use one of: ${LANGUAGES.map((l) => l.id).join(', ')}.`);
  }
  if (!spec.available()) {
    throw new CodewardError('unsupported_language', `The ${spec.id} toolchain is not installed on this machine.`, 'Install it (see scripts/setup.sh) or pick another language.');
  }
  return spec;
}

/** Languages whose toolchain is installed here. */
export function availableLanguages(): string[] {
  return LANGUAGES.filter((lang) => lang.available()).map((lang) => lang.id);
}
