// SafeCoder vulnerable/fixed pairs: how often the vulnerable version is flagged versus its fixed
// version, per language, counting any finding and findings of the pair's CWE (or an equivalent).
import { scanCode } from '../../analysis/engine.js';
import { languageFromPath } from '../../analysis/languages.js';
import type { RuleIndex } from '../../analysis/rules.js';
import { cweMatches } from './cwe-equivalence.js';
import type { SafeCoderRow } from './data.js';

export interface PairCounts {
  pairs: number;
  vulnerableFlagged: number;
  fixedFlagged: number;
  vulnerableFlaggedSameCwe: number;
  fixedFlaggedSameCwe: number;
}

export interface SafeCoderReport {
  byLanguage: Record<string, PairCounts>;
  overall: PairCounts;
  skipped: number;
}

const empty = (): PairCounts => ({ pairs: 0, vulnerableFlagged: 0, fixedFlagged: 0, vulnerableFlaggedSameCwe: 0, fixedFlaggedSameCwe: 0 });

export function evaluateSafeCoder(rows: SafeCoderRow[], rules?: RuleIndex): SafeCoderReport {
  const report: SafeCoderReport = { byLanguage: {}, overall: empty(), skipped: 0 };
  for (const row of rows) {
    const language = languageFromPath(row.file);
    if (!language) {
      report.skipped++;
      continue;
    }
    const vulnerable = scanCode(row.vulnerable, { language, rules }).findings;
    const fixed = scanCode(row.fixed, { language, rules }).findings;
    const sameCwe = (fs: typeof vulnerable) => fs.some((f) => f.cwe.some((c) => cweMatches(row.cwe, c)));
    for (const counts of [(report.byLanguage[language] ??= empty()), report.overall]) {
      counts.pairs++;
      if (vulnerable.length) counts.vulnerableFlagged++;
      if (fixed.length) counts.fixedFlagged++;
      if (sameCwe(vulnerable)) counts.vulnerableFlaggedSameCwe++;
      if (sameCwe(fixed)) counts.fixedFlaggedSameCwe++;
    }
  }
  return report;
}
