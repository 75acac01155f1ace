// `codeward fix PATH...`: applies the verified fast-scaffold fixes. Prints a unified diff (default for
// files, or --diff), writes files in place (--write), or prints the fixed code for stdin. Exit 1 if findings remain.
import { writeFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { fixSources, type FileFixResult } from '../../analysis/scan-files.js';
import { CodewardError } from '../../shared/errors.js';
import { parseTimeout, readInputs, STDIN_PATH } from './source-input.js';

interface FixFlags {
  write?: boolean;
  diff?: boolean;
  language?: string;
  timeoutMs?: string;
}

export function unifiedDiff(result: FileFixResult): string {
  if (result.code === result.original) return '';
  const name = result.path === STDIN_PATH ? 'stdin' : result.path;
  // git-style a/ b/ prefixes for relative paths; absolute paths stay as they are.
  const [before, after] = isAbsolute(name) ? [name, name] : [`a/${name}`, `b/${name}`];
  return createTwoFilesPatch(before, after, result.original, result.code, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
}

function summaryLines(results: FileFixResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.error) lines.push(`${r.path}: error ${r.error.code}: ${r.error.message}`);
    for (const a of r.applied) lines.push(`${r.path}:${a.line}: fixed ${a.ruleId} [${a.cwe.join(', ')}]`);
    for (const f of r.remaining) lines.push(`${r.path}:${f.range.start.line}:${f.range.start.column}: unfixed ${f.severity} ${f.ruleId} [${f.cwe.join(', ')}] ${f.message}`);
  }
  const applied = results.reduce((n, r) => n + r.applied.length, 0);
  const remaining = results.reduce((n, r) => n + r.remaining.length, 0);
  lines.push(`${applied} fix(es) applied, ${remaining} finding(s) left unfixed in ${results.length} file(s).`);
  return lines;
}

export function registerFix(program: Command): void {
  program
    .command('fix')
    .description('Apply verified fixes to files, directories or stdin (-); shows a diff unless --write.')
    .argument('<paths...>', 'files or directories to fix; - reads stdin')
    .option('-w, --write', 'rewrite the files in place')
    .option('-d, --diff', 'print a unified diff (the default for files)')
    .option('-l, --language <language>', 'language of stdin, or of every file regardless of extension')
    .option('--timeout-ms <ms>', 'per-file time limit in milliseconds', '10000')
    .action(async (paths: string[], flags: FixFlags) => {
      if (flags.write && flags.diff) throw new CodewardError('invalid_input', 'Use either --write or --diff, not both.');
      const results = await fixSources(readInputs(paths, flags.language), { timeoutMs: parseTimeout(flags.timeoutMs) });
      for (const r of results) {
        if (r.error) continue;
        const isStdin = r.path === STDIN_PATH;
        if (isStdin && !flags.diff) {
          process.stdout.write(r.code);
        } else if (flags.write && !isStdin) {
          if (r.code !== r.original) {
            try {
              writeFileSync(r.path, r.code);
            } catch (err) {
              r.error = { code: 'file_unreadable', message: `Cannot write the fixed file: ${(err as Error).message}` };
            }
          }
        } else {
          process.stdout.write(unifiedDiff(r));
        }
      }
      process.stderr.write(`${summaryLines(results).join('\n')}\n`);
      const failed = results.some((r) => r.error);
      const remaining = results.some((r) => r.remaining.length > 0);
      process.exitCode = failed ? 2 : remaining ? 1 : 0;
    });
}
