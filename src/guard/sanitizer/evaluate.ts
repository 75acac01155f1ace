// Evaluation report of any scorer over malicious and benign rows: AUROC, TPR at 1/2/5% FPR,
// rates at the model's threshold, per-category breakdown and the worst misses both ways.
import type { LabelledRow } from './dataset.js';
import { auroc, percent, rateAtOrAbove, tprAtFpr } from './metrics.js';

export type Scorer = (row: LabelledRow) => number;

export interface Miss {
  id: string;
  score: number;
  text: string;
}

export interface EvalReport {
  malicious: number;
  benign: number;
  auroc: number;
  tprAtFpr: { fpr: number; tpr: number }[];
  threshold: number;
  tpr: number;
  fpr: number;
  categories: { category: string; label: 0 | 1; rows: number; flagged: number }[];
  missedMalicious: Miss[];
  flaggedBenign: Miss[];
}

function preview(row: LabelledRow): string {
  const text = typeof row.conversation === 'string' ? row.conversation : JSON.stringify(row.conversation);
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

export function evaluateRows(score: Scorer, malicious: LabelledRow[], benign: LabelledRow[], threshold: number, worst = 5): EvalReport {
  const pos = malicious.map(score);
  const neg = benign.map(score);
  const categories = new Map<string, { category: string; label: 0 | 1; rows: number; flagged: number }>();
  const tally = (rows: LabelledRow[], scores: number[], label: 0 | 1) =>
    rows.forEach((row, i) => {
      const key = `${label}:${row.category}`;
      const entry = categories.get(key) ?? { category: row.category, label, rows: 0, flagged: 0 };
      entry.rows++;
      if (scores[i] >= threshold) entry.flagged++;
      categories.set(key, entry);
    });
  tally(malicious, pos, 1);
  tally(benign, neg, 0);
  const ranked = (rows: LabelledRow[], scores: number[], descending: boolean) =>
    rows
      .map((row, i) => ({ id: row.id, score: scores[i], text: preview(row) }))
      .sort((a, b) => (descending ? b.score - a.score : a.score - b.score))
      .slice(0, worst);
  return {
    malicious: malicious.length,
    benign: benign.length,
    auroc: auroc(pos, neg),
    tprAtFpr: [0.01, 0.02, 0.05].map((fpr) => ({ fpr, tpr: tprAtFpr(pos, neg, fpr) })),
    threshold,
    tpr: rateAtOrAbove(pos, threshold),
    fpr: rateAtOrAbove(neg, threshold),
    categories: [...categories.values()].sort((a, b) => b.label - a.label || a.category.localeCompare(b.category)),
    missedMalicious: ranked(malicious, pos, false).filter((m) => m.score < threshold),
    flaggedBenign: ranked(benign, neg, true).filter((m) => m.score >= threshold),
  };
}

export function formatReport(report: EvalReport): string {
  const lines = [
    `rows: ${report.malicious} malicious, ${report.benign} benign`,
    `AUROC: ${report.auroc.toFixed(4)}`,
    `TPR at FPR: ${report.tprAtFpr.map((r) => `${percent(r.fpr, 0)} → ${percent(r.tpr)}`).join(', ')}`,
    `at threshold ${report.threshold.toFixed(4)}: TPR ${percent(report.tpr)}, FPR ${percent(report.fpr)}`,
    'per category (flagged / rows):',
    ...report.categories.map((c) => `  ${c.label ? 'malicious' : 'benign   '} ${c.category}: ${c.flagged}/${c.rows} (${percent(c.flagged / c.rows)})`),
    'worst missed malicious:',
    ...report.missedMalicious.map((m) => `  ${m.score.toFixed(3)} ${m.id}: ${m.text}`),
    'worst flagged benign:',
    ...report.flaggedBenign.map((m) => `  ${m.score.toFixed(3)} ${m.id}: ${m.text}`),
  ];
  return lines.join('\n');
}
