// The parsed-rules cache: a hit returns exactly what parsing returns, any change to a rule file is a miss,
// and a corrupt, unreadable or unwritable cache only costs the parse.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/analysis/rules.js';

const rule = (id: string, message: string) =>
  [
    `id: ${id}`,
    'languages: [python]',
    'severity: medium',
    'cwe: [CWE-676]',
    `message: ${message}`,
    'help: Use the safe variant.',
    'rule:',
    `  pattern: ${id.replace(/-/g, '_')}($X)`,
    'tests:',
    '  valid: ["safe(1)"]',
    `  invalid: ["${id.replace(/-/g, '_')}(1)"]`,
  ].join('\n');

let root: string;
let rulesDir: string;
let cacheDir: string;
const saved = { dir: process.env.CODEWARD_CACHE_DIR, off: process.env.CODEWARD_RULE_CACHE };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'codeward-rule-cache-'));
  rulesDir = join(root, 'rules');
  cacheDir = join(root, 'cache');
  mkdirSync(rulesDir);
  writeFileSync(join(rulesDir, 'a.yml'), rule('custom-a', 'first message'));
  writeFileSync(join(rulesDir, 'b.yml'), rule('custom-b', 'second message'));
  process.env.CODEWARD_CACHE_DIR = cacheDir;
  delete process.env.CODEWARD_RULE_CACHE;
});

afterEach(() => {
  for (const [key, value] of [['CODEWARD_CACHE_DIR', saved.dir], ['CODEWARD_RULE_CACHE', saved.off]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

const entries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.json'));

function uncached(dirs?: string[]) {
  process.env.CODEWARD_RULE_CACHE = '0';
  try {
    return loadRules(dirs);
  } finally {
    delete process.env.CODEWARD_RULE_CACHE;
  }
}

describe('rule cache', () => {
  it('serves the second load from the cache, identical to a parse', () => {
    const first = loadRules([rulesDir]);
    expect(entries()).toHaveLength(1);
    // Mark the cached copy: a load that returns the mark read the cache rather than the YAML.
    const file = join(cacheDir, entries()[0]);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { message: string }[];
    expect(isDeepStrictEqual(cached, first)).toBe(true);
    cached[0].message = 'from the cache';
    writeFileSync(file, JSON.stringify(cached));
    expect(loadRules([rulesDir])[0].message).toBe('from the cache');
    expect(isDeepStrictEqual(first, uncached([rulesDir]))).toBe(true);
  });

  it('misses when a rule file changes, is added or removed', () => {
    loadRules([rulesDir]);
    writeFileSync(join(rulesDir, 'a.yml'), rule('custom-a', 'edited message'));
    expect(loadRules([rulesDir]).map((r) => r.message)).toEqual(['edited message', 'second message']);
    writeFileSync(join(rulesDir, 'c.yml'), rule('custom-c', 'third message'));
    expect(loadRules([rulesDir]).map((r) => r.id)).toEqual(['custom-a', 'custom-b', 'custom-c']);
    rmSync(join(rulesDir, 'b.yml'));
    expect(loadRules([rulesDir]).map((r) => r.id)).toEqual(['custom-a', 'custom-c']);
    expect(entries()).toHaveLength(4);
  });

  it('ignores a corrupt entry and writes a good one in its place', () => {
    const expected = loadRules([rulesDir]);
    const file = join(cacheDir, entries()[0]);
    writeFileSync(file, '\u0000\u00ff not json');
    expect(loadRules([rulesDir])).toEqual(expected);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(expected);
  });

  it('still loads when the cache cannot be written', () => {
    writeFileSync(join(root, 'a-file'), 'x');
    process.env.CODEWARD_CACHE_DIR = join(root, 'a-file', 'cache');
    expect(loadRules([rulesDir]).map((r) => r.id)).toEqual(['custom-a', 'custom-b']);
    expect(existsSync(join(root, 'a-file', 'cache'))).toBe(false);
  });

  it('never caches a rule set that fails to load', () => {
    writeFileSync(join(rulesDir, 'dup.yml'), rule('custom-a', 'duplicate id'));
    expect(() => loadRules([rulesDir])).toThrow(/already defined/);
    expect(existsSync(cacheDir) ? entries() : []).toEqual([]);
  });

  it('keeps a bounded number of entries', () => {
    for (let i = 0; i < 12; i++) {
      writeFileSync(join(rulesDir, 'a.yml'), rule('custom-a', `message ${i}`));
      loadRules([rulesDir]);
    }
    expect(entries().length).toBeLessThanOrEqual(8);
    expect(loadRules([rulesDir])[0].message).toBe('message 11');
  });

  it('gives the shipped rule set from the cache exactly as parsed', () => {
    const fresh = uncached();
    loadRules();
    expect(isDeepStrictEqual(loadRules(), fresh)).toBe(true);
  }, 60_000);
});
