// The training recipe of the bundled model: public train splits, code-derived benign requests and
// synthesized data, weighted so no single source dominates. Dev/test splits are never included.
import { bySplit, loadPublicSets, type LabelledRow } from './dataset.js';
import { conversationTexts } from './classify.js';
import type { TrainingExample } from './train.js';

/** Flattens a labelled conversation into one training text (turns joined, as the window sees them). */
export function rowText(row: LabelledRow): string {
  return conversationTexts(row.conversation).filter((t) => t.trim()).join('\n');
}

/** Gives every source the same total weight budget, capped so small sources are not over-amplified. */
export function weightedExamples(groups: LabelledRow[][], budget: number): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const rows of groups) {
    const usable = rows.filter((r) => r.label !== null);
    if (usable.length === 0) continue;
    const weight = Math.min(3, Math.max(0.25, budget / usable.length));
    for (const row of usable) examples.push({ text: rowText(row), label: row.label as 0 | 1, weight });
  }
  return examples;
}

export function publicTrainingGroups(): LabelledRow[][] {
  const sets = loadPublicSets();
  return [sets.mitre, sets.cysecbench, sets.frr, sets.xstestSafe, sets.codeRequests].map((rows) => bySplit(rows, 'train'));
}
