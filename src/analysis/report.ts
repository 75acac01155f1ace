// Human text and JSON renderings of scan results, shared by the CLI and anything else that prints them.
// Text is one line per finding (file:line:col severity rule [CWE] message), like a compiler or linter.
import type { Finding, ScanResult } from './types.js';

export interface ReportFile extends Omit<ScanResult, 'language'> {
  path: string;
  language: string;
}

export interface ReportSummary {
  files: number;
  filesWithErrors: number;
  findings: number;
  bySeverity: Record<string, number>;
}

export function summarize(files: ReportFile[]): ReportSummary {
  const bySeverity: Record<string, number> = {};
  let findings = 0;
  for (const file of files) {
    for (const f of file.findings) {
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
      findings++;
    }
  }
  return { files: files.length, filesWithErrors: files.filter((f) => f.error).length, findings, bySeverity };
}

function findingLine(path: string, f: Finding): string {
  const fix = f.fixable ? ' [fix available]' : '';
  return `${path}:${f.range.start.line}:${f.range.start.column}: ${f.severity} ${f.ruleId} [${f.cwe.join(', ')}] ${f.message}${fix}`;
}

export function formatText(files: ReportFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    if (file.error) lines.push(`${file.path}: error ${file.error.code}: ${file.error.message}`);
    for (const f of file.findings) lines.push(findingLine(file.path, f));
  }
  const s = summarize(files);
  const severities = Object.entries(s.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ');
  const errors = s.filesWithErrors ? `, ${s.filesWithErrors} file(s) could not be scanned` : '';
  lines.push(`${s.findings} finding(s)${severities ? ` (${severities})` : ''} in ${s.files} file(s)${errors}.`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(files: ReportFile[]): string {
  return `${JSON.stringify({ version: 1, summary: summarize(files), files }, null, 2)}\n`;
}
