// The one Finding type shared by the detector, the fixer, SARIF output, the guard and the rewards.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** 1-based line and column, as editors and SARIF show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
  /** Byte offsets into the scanned text (UTF-8 independent: JS string indices). */
  startIndex: number;
  endIndex: number;
}

export interface Finding {
  ruleId: string;
  cwe: string[];
  severity: Severity;
  message: string;
  range: Range;
  /** The matched source text, trimmed to a reasonable size. */
  snippet: string;
  /** Whether a deterministic fast-scaffold fix exists for this finding. */
  fixable: boolean;
}

export interface ScanResult {
  language: string;
  findings: Finding[];
  /**
   * True when tree-sitter had to recover from syntax errors (partial or truncated code). Absent when the code
   * was not parsed: no rule's anchors occur in it, so no rule can match (ScanOptions.checkSyntax parses anyway).
   */
  hasSyntaxErrors?: boolean;
  durationMs: number;
  /** Set when the input could not be scanned at all (unknown language, too large, unreadable). */
  error?: { code: string; message: string };
  /** Rules that failed to run on this input (a kind the language lacks, a bad regex); the others still ran. */
  ruleErrors?: RuleError[];
}

/** One rule that could not run: its id and ast-grep's complaint, so a broken (user) rule is visible. */
export interface RuleError {
  ruleId: string;
  message: string;
}
