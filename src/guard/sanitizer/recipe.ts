// The training recipe: which rows train the model (public train splits, code-derived benign
// requests, synthesized data, user files), how sources are weighted, and the dev-chosen threshold.
import { classify, conversationTexts } from './classify.js';
import { bySplit, loadPublicSets, splitOf, type LabelledRow } from './dataset.js';
import { thresholdAtFpr } from './metrics.js';
import type { SanitizerModel } from './model.js';
import { synthesizeConversations, synthesizePrompts } from './synthesize/index.js';
import { trainSanitizer, type TrainOptions } from './train.js';

export interface RecipeOptions {
  /** Train splits of ../shared/data (and their dev splits for the threshold). */
  usePublic?: boolean;
  /** Add synthesized prompts and conversations. */
  synthesize?: boolean;
  /** Extra labelled rows (user files, gateway logs); their train split trains, their dev split tunes. */
  extra?: LabelledRow[];
  /** Use every extra row for training instead of only its train split. */
  extraAllRows?: boolean;
  /** Public sources to leave out entirely (train and dev), e.g. ['mitre'] for a held-out-source test. */
  excludeSources?: string[];
  /** False-positive budget on dev benign rows when choosing the threshold. */
  devFpr?: number;
  train?: TrainOptions;
}

/** Flattens a labelled conversation into one training text (turns joined, as the window sees them). */
export function rowText(row: LabelledRow): string {
  return conversationTexts(row.conversation).filter((t) => t.trim()).join('\n');
}

/** Dev FPR budget: below the 2% target on test, leaving a margin for sampling noise. */
export const DEFAULT_DEV_FPR = 0.015;

/** Total weight each source group gets (see weightedExamples). */
export const SOURCE_BUDGET = 1500;

/** Weights each group to about `budget` total so a large source (CySecBench) does not drown the rest. */
export function weightedExamples(groups: LabelledRow[][], budget: number) {
  const examples = [];
  for (const rows of groups) {
    const usable = rows.filter((r) => r.label !== null);
    if (usable.length === 0) continue;
    const weight = Math.min(3, Math.max(0.25, budget / usable.length));
    for (const row of usable) examples.push({ text: rowText(row), label: row.label as 0 | 1, weight });
  }
  return examples;
}

export interface DevSets {
  /** Security-flavoured benign requests (FRR, XSTest safe) and ordinary coding requests. */
  securityBenign: LabelledRow[];
  codingBenign: LabelledRow[];
  malicious: LabelledRow[];
}

export function trainingGroups(options: RecipeOptions): { groups: LabelledRow[][]; dev: DevSets; sources: string[] } {
  const groups: LabelledRow[][] = [];
  const dev: DevSets = { securityBenign: [], codingBenign: [], malicious: [] };
  const sources: string[] = [];
  if (options.usePublic) {
    const sets = loadPublicSets();
    const excluded = new Set(options.excludeSources ?? []);
    const keep = (rows: LabelledRow[]) => rows.filter((r) => !excluded.has(r.source));
    for (const rows of [sets.mitre, sets.cysecbench, sets.frr, sets.xstestSafe, sets.codeRequests]) groups.push(keep(bySplit(rows, 'train')));
    dev.securityBenign.push(...keep([...bySplit(sets.frr, 'dev'), ...bySplit(sets.xstestSafe, 'dev')]));
    dev.codingBenign.push(...keep(bySplit(sets.codeRequests, 'dev')));
    dev.malicious.push(...keep([...bySplit(sets.mitre, 'dev'), ...bySplit(sets.cysecbench, 'dev')]));
    sources.push(...['mitre', 'cysecbench', 'frr', 'xstest', 'cse-instruct', 'safecoder'].filter((s) => !excluded.has(s)));
  }
  if (options.synthesize) {
    // Technique questions form their own groups so the grammar weighs as much as a public source.
    const prompts = synthesizePrompts();
    const isTechnique = (r: LabelledRow) => r.category.includes('technique') || r.category.startsWith('attack-');
    for (const label of [0, 1]) {
      groups.push(prompts.filter((r) => r.label === label && isTechnique(r)), prompts.filter((r) => r.label === label && !isTechnique(r)));
    }
    // Refusal follow-ups are left out: their joined text mixes a malicious request with a benign one.
    groups.push(synthesizeConversations('train').filter((r) => r.category !== 'benign-after-refusal'));
    sources.push('synthetic');
  }
  if (options.extra?.length) {
    const extra = options.extra.filter((r) => r.label !== null);
    const train = options.extraAllRows ? extra : extra.filter((r) => splitOf(r.id) === 'train');
    groups.push(train.filter((r) => r.label === 1), train.filter((r) => r.label === 0));
    const extraDev = extra.filter((r) => splitOf(r.id) === 'dev');
    dev.securityBenign.push(...extraDev.filter((r) => r.label === 0));
    dev.malicious.push(...extraDev.filter((r) => r.label === 1));
    sources.push('extra');
  }
  return { groups, dev, sources };
}

export function scoreRows(model: SanitizerModel, rows: LabelledRow[]): number[] {
  return rows.map((row) => classify(row.conversation, { model }).score);
}

/** Threshold meeting the FPR budget on security-benign dev rows and half of it on coding dev rows. */
export function chooseThreshold(model: SanitizerModel, dev: DevSets, devFpr: number): number {
  const candidates = [0.5];
  if (dev.securityBenign.length) candidates.push(thresholdAtFpr(scoreRows(model, dev.securityBenign), devFpr));
  if (dev.codingBenign.length) candidates.push(thresholdAtFpr(scoreRows(model, dev.codingBenign), devFpr / 2));
  return Math.max(...candidates);
}

/**
 * Picks the window weight on the training-part synthesized conversations: catch the most
 * escalations while flagging at most 5% of benign chains and benign follow-ups after a refusal.
 */
export function tuneCombiner(model: SanitizerModel, conversations: LabelledRow[]): SanitizerModel['combiner'] {
  const malicious = conversations.filter((r) => r.label === 1);
  const benign = conversations.filter((r) => r.label === 0);
  let best = model.combiner;
  let bestCaught = -1;
  for (const windowWeight of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    const combiner = { ...model.combiner, windowWeight };
    const candidate = { ...model, combiner };
    const flagged = (rows: LabelledRow[]) => scoreRows(candidate, rows).filter((s) => s >= model.threshold).length / Math.max(rows.length, 1);
    const caught = flagged(malicious);
    if (flagged(benign) <= 0.05 && caught > bestCaught) {
      best = combiner;
      bestCaught = caught;
    }
  }
  return best;
}

/** Trains a model by the recipe and sets its threshold on dev data. */
export function trainByRecipe(options: RecipeOptions): SanitizerModel {
  const { groups, dev, sources } = trainingGroups(options);
  const examples = weightedExamples(groups, SOURCE_BUDGET);
  const started = performance.now();
  const model = trainSanitizer(examples, { ...options.train, metadata: { ...options.train?.metadata, sources } });
  model.threshold = chooseThreshold(model, dev, options.devFpr ?? DEFAULT_DEV_FPR);
  if (options.synthesize) model.combiner = tuneCombiner(model, synthesizeConversations('train'));
  model.metadata.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
  model.metadata.thresholdRule = `max(0.5, ${options.devFpr ?? DEFAULT_DEV_FPR} FPR on security-benign dev, half that on coding dev)`;
  model.metadata.trainedAt = new Date().toISOString();
  return model;
}
