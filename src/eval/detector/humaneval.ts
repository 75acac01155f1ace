// HumanEval false positives and fixer safety: the 164 canonical programs are correct, so findings of
// medium or higher severity are false alarms, and fixCode must leave every program passing its tests.
import { spawn } from 'node:child_process';
import { scanCode } from '../../analysis/engine.js';
import { fixCode } from '../../analysis/fix.js';
import type { RuleIndex } from '../../analysis/rules.js';
import { severityRank, type Finding } from '../../analysis/types.js';
import { humanEvalProgram, type HumanEvalRow } from './data.js';

export interface HumanEvalReport {
  programs: number;
  /** Findings at medium or above, with the task they came from. */
  mediumPlus: { taskId: string; finding: Finding }[];
  allFindings: number;
  fixesApplied: number;
  changedPrograms: number;
  /** Programs (after fixCode) whose tests pass when run with python3; undefined when not run. */
  passingAfterFix?: number;
  failuresAfterFix: { taskId: string; output: string }[];
}

export function runPython(program: string, timeoutMs = 20_000): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('python3', ['-'], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, output: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, output: output.slice(-1000) });
    });
    child.stdin.end(program);
  });
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function evaluateHumanEval(rows: HumanEvalRow[], options: { rules?: RuleIndex; runTests?: boolean; concurrency?: number } = {}): Promise<HumanEvalReport> {
  const report: HumanEvalReport = { programs: rows.length, mediumPlus: [], allFindings: 0, fixesApplied: 0, changedPrograms: 0, failuresAfterFix: [] };
  const fixed: { taskId: string; code: string }[] = [];
  for (const row of rows) {
    const program = humanEvalProgram(row);
    const scan = scanCode(program, { language: 'python', rules: options.rules });
    report.allFindings += scan.findings.length;
    for (const finding of scan.findings) {
      if (severityRank(finding.severity) >= severityRank('medium')) report.mediumPlus.push({ taskId: row.task_id, finding });
    }
    const fix = fixCode(program, { language: 'python', rules: options.rules });
    report.fixesApplied += fix.applied.length;
    if (fix.code !== program) report.changedPrograms++;
    fixed.push({ taskId: row.task_id, code: fix.code });
  }
  if (options.runTests !== false) {
    const runs = await mapLimited(fixed, options.concurrency ?? 2, (p) => runPython(p.code));
    report.passingAfterFix = runs.filter((r) => r.ok).length;
    runs.forEach((r, i) => {
      if (!r.ok) report.failuresAfterFix.push({ taskId: fixed[i].taskId, output: r.output });
    });
  }
  return report;
}
