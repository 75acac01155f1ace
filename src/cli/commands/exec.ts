// `codeward exec FILE`: runs a program in the sandbox (or against a test suite with --tests) and
// prints the outcome as text or JSON. Exit code: 0 ran ok / all tests passed, 1 otherwise, 2 errors.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { closeSandbox, runCode, runTests, type RunResult, type TestReport } from '../../sandbox/index.js';
import { CodewardError } from '../../shared/errors.js';

interface ExecFlags {
  language?: string;
  stdin?: string;
  tests?: string;
  json?: boolean;
  timeoutMs?: string;
  memoryMb?: string;
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.c': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.sh': 'bash',
  '.bash': 'bash',
  '.java': 'java',
  '.go': 'go',
};

function readText(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read ${what} "${path}": ${(err as Error).message}`);
  }
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CodewardError('invalid_input', `${flag} must be a positive number; got "${value}".`);
  return n;
}

function languageOf(file: string, flag: string | undefined): string {
  if (flag) return flag;
  const language = LANGUAGE_BY_EXTENSION[extname(file).toLowerCase()];
  if (!language) throw new CodewardError('unsupported_language', `Cannot tell the language of "${file}" from its extension.`, 'Pass --language (python, javascript, typescript, c, cpp, bash, java, go).');
  return language;
}

function parseTests(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CodewardError('invalid_input', `--tests file "${path}" is not JSON.`, 'Give a HumanEval, APPS, LiveCodeBench, MBPP or {"pytest": "..."} spec as JSON.');
  }
}

function formatRun(result: RunResult): string {
  const ok = result.status === 'ok';
  const lines = [`${ok ? pc.green('ok') : pc.red(result.status)}  exit ${result.exitCode ?? '-'}${result.signal ? ` (${result.signal})` : ''}  ${result.durationMs.toFixed(1)} ms${result.message && !ok ? `  ${result.message}` : ''}`];
  if (result.compile.status !== 'not_needed') lines.push(`compile: ${result.compile.status} in ${result.compile.durationMs.toFixed(0)} ms`);
  if (result.compile.stderr && result.compile.status !== 'ok') lines.push(pc.dim('--- compiler output'), result.compile.stderr.trimEnd());
  if (result.stdout) lines.push(pc.dim(`--- stdout${result.stdoutTruncated ? ' (truncated)' : ''}`), result.stdout.trimEnd());
  if (result.stderr && result.stderr !== result.compile.stderr) lines.push(pc.dim(`--- stderr${result.stderrTruncated ? ' (truncated)' : ''}`), result.stderr.trimEnd());
  return `${lines.join('\n')}\n`;
}

function formatReport(report: TestReport): string {
  const head = `${report.status === 'passed' ? pc.green('passed') : pc.red(report.status)}  ${report.tests_passed}/${report.tests_total} tests  ${report.durationMs.toFixed(1)} ms`;
  const flags = `syntax_valid=${report.syntax_valid} compiled=${report.compiled} executed_without_error=${report.executed_without_error} produced_output=${report.produced_output}`;
  const cases = report.cases.map((c) => {
    const line = `  #${c.index} ${c.status === 'passed' ? pc.green(c.status) : pc.red(c.status)} ${c.durationMs.toFixed(1)} ms${c.message ? `  ${c.message.split('\n')[0]}` : ''}`;
    return c.status === 'wrong_answer' && c.expected !== undefined ? `${line}\n      expected: ${JSON.stringify(c.expected)}\n      actual:   ${JSON.stringify(c.actual)}` : line;
  });
  return `${[head, flags, ...cases].join('\n')}\n`;
}

export function registerExec(program: Command): void {
  program
    .command('exec')
    .description('Run a program in the bubblewrap sandbox, optionally against a test suite.')
    .argument('<file>', 'program to run (- reads stdin); the language follows the extension unless --language is given')
    .option('-l, --language <language>', 'python, javascript, typescript, c, cpp, bash, java or go')
    .option('--stdin <file>', 'file fed to the program on stdin')
    .option('--tests <file>', 'JSON test spec: HumanEval, APPS/TACO, LiveCodeBench, MBPP or {"pytest": "..."}')
    .option('--json', 'print the RunResult/TestReport as JSON')
    .option('--timeout-ms <ms>', 'run time limit per execution in milliseconds (default 10000)')
    .option('--memory-mb <mb>', 'memory limit in MiB (default 512)')
    .action(async (file: string, flags: ExecFlags) => {
      const code = readText(file, 'program');
      const language = languageOf(file, flags.language);
      const timeoutMs = positive(flags.timeoutMs, '--timeout-ms');
      const memoryLimitMb = positive(flags.memoryMb, '--memory-mb');
      try {
        if (flags.tests) {
          const tests = parseTests(readText(flags.tests, 'tests'), flags.tests);
          const report = await runTests({ language, code, tests, timeoutMs, memoryLimitMb });
          process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
          process.exitCode = report.status === 'passed' ? 0 : 1;
          return;
        }
        const stdin = flags.stdin ? readText(flags.stdin, 'stdin file') : '';
        const result = await runCode({ language, code, stdin, runTimeoutMs: timeoutMs, memoryLimitMb });
        process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatRun(result));
        process.exitCode = result.status === 'ok' ? 0 : 1;
      } finally {
        await closeSandbox();
      }
    });
}
