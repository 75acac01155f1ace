// `codeward scan` and `codeward fix` through main() in-process (exit codes, formats, --output, --write,
// --diff) and one real subprocess for stdin (`-` with --language).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { packageRoot } from '../../src/shared/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-cli-'));
const vulnerable = join(dir, 'app.py');
const clean = join(dir, 'clean.py');
writeFileSync(vulnerable, 'import yaml\n\ndef load(s):\n    return yaml.load(s)\n');
writeFileSync(clean, 'def add(a, b):\n    return a + b\n');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await runCli(...args);
  return { code, stdout: out, stderr: err };
}

afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codeward scan', () => {
  it('exits 1 with findings and 0 when clean', async () => {
    const found = await run('scan', vulnerable);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/app\.py:4:12: high python-yaml-unsafe-load \[CWE-502\]/);
    const none = await run('scan', clean);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^0 finding/m);
  });

  it('filters by --severity and writes --output', async () => {
    const critical = await run('scan', vulnerable, '--severity', 'critical');
    expect(critical.code).toBe(0);
    const out = join(dir, 'report.sarif');
    const sarif = await run('scan', dir, '--format', 'sarif', '--output', out);
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    const json = await run('scan', vulnerable, '--format', 'json');
    expect(JSON.parse(json.stdout).summary.findings).toBeGreaterThan(0);
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    expect((await run('scan', vulnerable, '--format', 'xml')).code).toBe(2);
    expect((await run('scan', vulnerable, '--severity', 'urgent')).code).toBe(2);
    expect((await run('scan', join(dir, 'missing.py'))).code).toBe(2);
    expect((await run('scan', vulnerable, '--language', 'cobol')).code).toBe(2);
    expect((await run('scan')).code).toBe(2);
  });
});

describe('codeward fix', () => {
  it('prints a unified diff by default and leaves the file alone', async () => {
    const res = await run('fix', vulnerable);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('-    return yaml.load(s)');
    expect(res.stdout).toContain('+    return yaml.safe_load(s)');
    expect(res.stderr).toMatch(/1 fix\(es\) applied, 0 finding\(s\) left unfixed/);
    expect(readFileSync(vulnerable, 'utf8')).toContain('yaml.load(s)');
  });

  it('rewrites files with --write and refuses --write with --diff', async () => {
    const copy = join(dir, 'copy.py');
    writeFileSync(copy, readFileSync(vulnerable));
    expect((await run('fix', copy, '--write')).code).toBe(0);
    expect(readFileSync(copy, 'utf8')).toContain('yaml.safe_load(s)');
    expect((await run('fix', copy, '--write', '--diff')).code).toBe(2);
  });
});

describe('stdin', () => {
  const viteNode = join(packageRoot(), 'node_modules', '.bin', 'vite-node');
  const script = join(dir, 'cli.ts');
  writeFileSync(script, `import { main } from ${JSON.stringify(join(packageRoot(), 'src', 'cli', 'main.ts'))};\nprocess.exitCode = await main(process.argv);\n`);

  it('fixes code piped to `-` and prints it', () => {
    const fix = spawnSync(viteNode, [script, '--', 'fix', '-', '--language', 'python'], { input: 'import yaml\nyaml.load(x)\n', encoding: 'utf8', cwd: packageRoot() });
    expect(fix.status).toBe(0);
    expect(fix.stdout).toBe('import yaml\nyaml.safe_load(x)\n');
  }, 60_000);
});
