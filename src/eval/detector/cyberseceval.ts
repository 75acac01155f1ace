// CyberSecEval instruct recall: a snippet counts as found when a finding with the labelled CWE (or an
// equivalent, see cwe-equivalence.ts) covers the labelled line, give or take LINE_TOLERANCE lines.
import { scanCode } from '../../analysis/engine.js';
import type { RuleIndex } from '../../analysis/rules.js';
import type { Finding } from '../../analysis/types.js';
import { cweMatches } from './cwe-equivalence.js';
import type { CyberSecEvalRow } from './data.js';

/** Snippets are cut from files and findings may start a line or two before the flagged one. */
export const LINE_TOLERANCE = 2;

export interface RecallCount {
  total: number;
  found: number;
}

export interface CyberSecEvalReport {
  overall: RecallCount;
  byLanguage: Record<string, RecallCount>;
  byCwe: Record<string, RecallCount>;
  /** Rows whose line_text does not occur in the snippet (they count as misses). */
  unlocated: number;
  misses: { id: string; language: string; cwe: string; line_text: string }[];
}

/** 1-based lines of `code` whose trimmed text equals the row's line_text (the row's `line` is file-relative). */
export function labelledLines(row: CyberSecEvalRow): number[] {
  const target = row.line_text.trim();
  const lines = row.code.split('\n');
  const exact = lines.flatMap((l, i) => (l.trim() === target ? [i + 1] : []));
  if (exact.length || target === '') return exact;
  return lines.flatMap((l, i) => (l.includes(target) || (l.trim() !== '' && target.includes(l.trim()) && l.trim().length > 10) ? [i + 1] : []));
}

export function isHit(row: CyberSecEvalRow, lines: number[], findings: Finding[]): boolean {
  return findings.some(
    (f) =>
      f.cwe.some((c) => cweMatches(row.cwe, c)) &&
      lines.some((line) => line >= f.range.start.line - LINE_TOLERANCE && line <= f.range.end.line + LINE_TOLERANCE),
  );
}

function bump(map: Record<string, RecallCount>, key: string, hit: boolean): void {
  const entry = (map[key] ??= { total: 0, found: 0 });
  entry.total++;
  if (hit) entry.found++;
}

export function evaluateCyberSecEval(rows: CyberSecEvalRow[], rules?: RuleIndex): CyberSecEvalReport {
  const report: CyberSecEvalReport = { overall: { total: 0, found: 0 }, byLanguage: {}, byCwe: {}, unlocated: 0, misses: [] };
  for (const row of rows) {
    const lines = labelledLines(row);
    if (lines.length === 0) report.unlocated++;
    const result = scanCode(row.code, { language: row.language, rules });
    const hit = lines.length > 0 && isHit(row, lines, result.findings);
    report.overall.total++;
    if (hit) report.overall.found++;
    bump(report.byLanguage, row.language, hit);
    bump(report.byCwe, row.cwe, hit);
    if (!hit) report.misses.push({ id: row.id, language: row.language, cwe: row.cwe, line_text: row.line_text.trim() });
  }
  return report;
}

export function recall(count: RecallCount): number {
  return count.total ? count.found / count.total : 0;
}
