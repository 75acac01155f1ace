// Shared input handling of `scan` and `fix`: files and directories, or `-` for stdin with a language
// given by --language or guessed from the code. Bad flags become CodewardErrors (exit code 2).
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../../analysis/detect-language.js';
import { decodeUtf8, loadSourceFiles, type SourceFile } from '../../analysis/files.js';
import { normalizeLanguage } from '../../analysis/languages.js';
import { SEVERITIES, type Severity } from '../../analysis/types.js';
import { CodewardError } from '../../shared/errors.js';

export const STDIN_PATH = '<stdin>';

export function parseSeverity(value: string): Severity {
  const severity = value.toLowerCase() as Severity;
  if (!SEVERITIES.includes(severity)) {
    throw new CodewardError('invalid_input', `--severity must be one of ${SEVERITIES.join(', ')}; got "${value}".`);
  }
  return severity;
}

export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw new CodewardError('invalid_input', `--timeout-ms must be a positive number; got "${value}".`);
  return ms;
}

function readStdin(language: string | undefined): SourceFile {
  let text: string;
  try {
    text = decodeUtf8(readFileSync(0));
  } catch (err) {
    return { path: STDIN_PATH, error: { code: 'file_unreadable', message: `Cannot read stdin: ${(err as Error).message}` } };
  }
  const resolved = language ? normalizeLanguage(language) : detectLanguage(text, 1);
  if (!resolved) {
    const message = language ? `Unknown language "${language}".` : 'Cannot tell the language of stdin; pass --language.';
    return { path: STDIN_PATH, error: { code: 'unsupported_language', message } };
  }
  return { path: STDIN_PATH, language: resolved, text };
}

/** Reads every named path; `-` means stdin (at most once). */
export function readInputs(paths: string[], language: string | undefined): SourceFile[] {
  if (language && !normalizeLanguage(language)) {
    throw new CodewardError('unsupported_language', `Unknown --language "${language}"; use one of python, javascript, typescript, c, cpp, java, go, php, ruby, csharp, rust, bash.`);
  }
  if (paths.filter((p) => p === '-').length > 1) throw new CodewardError('invalid_input', 'stdin (-) can be named only once.');
  const files = paths.filter((p) => p !== '-');
  const sources = files.length ? loadSourceFiles(files, language) : [];
  if (paths.includes('-')) sources.unshift(readStdin(language));
  return sources;
}
