// Parsed rule sets cached as JSON. Parsing the 365 shipped YAML files and deriving their prefilters takes
// 0.5-0.9 s, paid by every CLI run, scan worker, server start and test file; reading the cache back takes
// ~10 ms. The key covers every rule file's path and text and the loader's own code, so editing a rule or
// the loader makes a new entry, never a stale hit. The cache is an optimisation only: any failure to read
// or write it falls back to parsing, silently.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../shared/paths.js';
import type { Rule } from './rules.js';

/** Bump when the cached form changes in a way the loader's code hash would not show. */
const FORMAT = 1;
/** Entries kept: one per rule set in use (shipped rules, custom directories), plus a few recent edits. */
const KEEP = 8;
const PREFIX = 'rules-';

export interface RuleSource {
  path: string;
  text: string;
}

/** CODEWARD_RULE_CACHE=0 turns the cache off; CODEWARD_CACHE_DIR moves it (default node_modules/.cache/codeward). */
export function ruleCacheDir(): string | null {
  if (process.env.CODEWARD_RULE_CACHE === '0') return null;
  return process.env.CODEWARD_CACHE_DIR || packagePath('node_modules', '.cache', 'codeward');
}

let loaderHash: string | undefined;

/**
 * The code that turns YAML into rules: every module of this directory (rules, rule-schema, prefilter,
 * pattern-context, ...), the YAML reader, and the versions of the parsing libraries. Hashing them keeps
 * the key honest when any of them changes.
 */
function loaderFingerprint(): string {
  if (loaderHash) return loaderHash;
  const dir = dirname(fileURLToPath(import.meta.url));
  const code = (name: string) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts');
  const files = [
    ...readdirSync(dir).filter(code).sort().map((name) => join(dir, name)),
    ...readdirSync(join(dir, '..', 'shared')).filter((name) => code(name) && name.startsWith('yaml.')).map((name) => join(dir, '..', 'shared', name)),
    packagePath('node_modules', 'js-yaml', 'package.json'),
    packagePath('node_modules', 'zod', 'package.json'),
  ];
  const hash = createHash('sha256');
  for (const file of files) {
    let text: Buffer | string = '';
    try {
      text = readFileSync(file);
    } catch {
      // A library installed elsewhere (hoisted by a parent project): its version then goes unhashed.
    }
    hash.update(relative(dir, file)).update('\0').update(text).update('\0');
  }
  loaderHash = hash.digest('hex');
  return loaderHash;
}

function cacheKey(sources: RuleSource[]): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${loaderFingerprint()}\0`);
  for (const { path, text } of sources) hash.update(path).update('\0').update(text).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** The rules parsed from `sources`, from the cache when it holds them, else from `parse` (then cached). */
export function cachedRules(sources: RuleSource[], parse: () => Rule[]): Rule[] {
  const dir = ruleCacheDir();
  if (!dir) return parse();
  let file: string | null = null;
  try {
    file = join(dir, `${PREFIX}${cacheKey(sources)}.json`);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(cached) && cached.length === sources.length) return cached as Rule[];
  } catch {
    // Missing, unreadable or corrupt: parse below.
  }
  const rules = parse();
  if (!file) return rules;
  try {
    mkdirSync(dir, { recursive: true });
    // Several processes may write at once: each writes aside, then renames atomically.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, JSON.stringify(rules));
    renameSync(temporary, file);
    prune(dir, file);
  } catch {
    // A read-only install still works, only without the cache.
  }
  return rules;
}

/** Keeps the KEEP most recently written entries (and temporaries of writers still at work). */
function prune(dir: string, keep: string): void {
  const entries = readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.json'))
    .map((name) => join(dir, name))
    .filter((path) => path !== keep)
    .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of entries.slice(KEEP - 1)) {
    try {
      unlinkSync(path);
    } catch {
      // Another process pruned it first.
    }
  }
}
