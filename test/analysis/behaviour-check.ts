// Runs a fixture's behaviour check: the fixed code followed by the check, in a plain python3 or node
// subprocess with a timeout and a minimal environment. Shared by the rule runner and the fixer tests.
import { spawnSync } from 'node:child_process';

/** Interpreters for behaviour checks; a check in any other language is a rule-file error. */
export const CHECK_RUNNERS: Record<string, string[]> = { python: ['python3', '-'], javascript: ['node', '-'] };

export function runBehaviourCheck(language: string, fixedCode: string, check: string): { status: number | null; output: string } {
  const runner = CHECK_RUNNERS[language];
  if (!runner) return { status: null, output: `no behaviour-check runner for ${language}` };
  const [command, ...args] = runner;
  const run = spawnSync(command, args, {
    input: `${fixedCode}\n${check}\n`,
    encoding: 'utf8',
    timeout: 10_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-2000) };
}
