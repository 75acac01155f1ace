// Turns the paths a user names into source files to scan: directories are walked (skipping vendored,
// VCS and binary files), each file is read with a size cap. Problems become per-file errors, never throws.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageFromPath, normalizeLanguage, type LanguageId } from './languages.js';
import { MAX_SCAN_BYTES } from './engine.js';

export interface FileError {
  code: 'file_unreadable' | 'unsupported_language' | 'invalid_input' | 'parse_timeout' | 'internal_error';
  message: string;
}

export interface SourceFile {
  path: string;
  language?: LanguageId;
  text?: string;
  error?: FileError;
}

/** Directories that hold dependencies, build output or VCS data, never the user's own code. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'dist', 'build', 'target', 'vendor']);

/** Bytes examined to call a file binary: a NUL among them is what git and grep use too. */
const BINARY_SNIFF_BYTES = 8000;

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

function walk(dir: string, out: string[], errors: SourceFile[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    errors.push({ path: dir, error: { code: 'file_unreadable', message: `Cannot read directory: ${(err as Error).message}` } });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out, errors);
    } else if (entry.isFile() && languageFromPath(entry.name)) {
      out.push(path);
    }
  }
}

/**
 * Expands user-given paths into files. Files found by walking a directory must have a known extension;
 * a file named explicitly is always reported, with an error when its language is unknown.
 */
export function collectPaths(paths: string[]): { files: string[]; errors: SourceFile[] } {
  const files: string[] = [];
  const errors: SourceFile[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory.' : (err as Error).message;
      errors.push({ path, error: { code: 'file_unreadable', message: `${reason} Check the path.` } });
      continue;
    }
    if (stats.isDirectory()) walk(path, files, errors);
    else files.push(path);
  }
  return { files: [...new Set(files)], errors };
}

/** Decodes bytes as UTF-8; invalid sequences become U+FFFD rather than failing the file. */
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Reads one file for scanning; `languageOverride` wins over the extension. */
export function readSourceFile(path: string, languageOverride?: string, fromWalk = false): SourceFile {
  const language = languageOverride ? normalizeLanguage(languageOverride) : languageFromPath(path);
  if (!language) {
    const message = languageOverride
      ? `Unknown language "${languageOverride}"; use one of python, javascript, typescript, c, cpp, java, go, php, ruby, csharp, rust, bash.`
      : 'Unknown language for this file extension; pass --language to say which it is.';
    return { path, error: { code: 'unsupported_language', message } };
  }
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_SCAN_BYTES) {
      return { path, language, error: { code: 'invalid_input', message: `File is ${size} bytes; the scan limit is ${MAX_SCAN_BYTES}. Split it or exclude it.` } };
    }
    bytes = readFileSync(path);
  } catch (err) {
    return { path, language, error: { code: 'file_unreadable', message: `Cannot read file: ${(err as Error).message}` } };
  }
  if (fromWalk && isBinary(bytes)) {
    return { path, language, error: { code: 'invalid_input', message: 'Binary file (contains NUL bytes); skipped.' } };
  }
  return { path, language, text: utf8.decode(bytes) };
}

/** Collects and reads every file; binary files met while walking are dropped silently, like grep -r. */
export function loadSourceFiles(paths: string[], languageOverride?: string): SourceFile[] {
  const { files, errors } = collectPaths(paths);
  const named = new Set(paths);
  const sources: SourceFile[] = [...errors];
  for (const file of files) {
    const fromWalk = !named.has(file);
    const source = readSourceFile(file, languageOverride, fromWalk);
    if (fromWalk && source.error?.message.startsWith('Binary file')) continue;
    sources.push(source);
  }
  return sources;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
