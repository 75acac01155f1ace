// Retraining from the gateway's labelled audit-log export: train a candidate on the recipe plus the
// logs, compare old and new on the same held-out sets, and write the new model only if nothing regresses.
import { CodewardError } from '../../shared/errors.js';
import { bySplit, hasSharedData, loadPublicSets, readLabelledRows, splitOf, type LabelledRow } from './dataset.js';
import { rateAtOrAbove } from './metrics.js';
import { DEFAULT_MODEL_PATH, forgetSanitizerModel, loadSanitizerModel, saveSanitizerModel, type SanitizerModel } from './model.js';
import { scoreRows, trainByRecipe } from './recipe.js';

export interface RetrainOptions {
  logs: string[];
  /** Model to compare against (default: the bundled one). */
  modelPath?: string;
  /** Where a promoted model is written (default: over modelPath). */
  out?: string;
  /** Allowed drop in TPR / rise in FPR before a candidate counts as a regression. */
  tolerance?: number;
  synthesize?: boolean;
}

export interface ModelFigures {
  threshold: number;
  /** Detection rate on held-out malicious rows (public test splits and held-out log rows). */
  tpr: number;
  /** False-positive rate on held-out benign rows. */
  fpr: number;
  /** False positives on ordinary coding prompts (HumanEval), when the public data is present. */
  codingFpr: number;
}

export interface RetrainResult {
  promoted: boolean;
  reasons: string[];
  old: ModelFigures;
  candidate: ModelFigures;
  logRows: number;
  outPath?: string;
  candidateModel: SanitizerModel;
}

interface EvalSets {
  malicious: LabelledRow[];
  benign: LabelledRow[];
  coding: LabelledRow[];
}

function figures(model: SanitizerModel, sets: EvalSets): ModelFigures {
  const flagged = (rows: LabelledRow[]) => rateAtOrAbove(scoreRows(model, rows), model.threshold);
  return { threshold: model.threshold, tpr: flagged(sets.malicious), fpr: flagged(sets.benign), codingFpr: sets.coding.length ? flagged(sets.coding) : 0 };
}

export function retrainFromLogs(options: RetrainOptions): RetrainResult {
  if (options.logs.length === 0) throw new CodewardError('invalid_input', 'No log files given.', 'Pass --logs FILE.jsonl (rows with messages or prompt, and label malicious|benign).');
  const rows = options.logs.flatMap((path) => readLabelledRows(path, 'logs')).filter((r) => r.label !== null);
  if (rows.length === 0) throw new CodewardError('invalid_input', 'The log files hold no rows labelled malicious or benign.', 'Label exported conversations before retraining.');
  // Log ids may repeat across exports; prefix with position so the split stays stable per file order.
  rows.forEach((row, i) => (row.id = `log:${row.id}:${i}`));
  const modelPath = options.modelPath ?? DEFAULT_MODEL_PATH;
  const old = loadSanitizerModel(modelPath);
  const usePublic = hasSharedData();
  const heldOutLogs = rows.filter((r) => splitOf(r.id) === 'test');
  const sets: EvalSets = { malicious: heldOutLogs.filter((r) => r.label === 1), benign: heldOutLogs.filter((r) => r.label === 0), coding: [] };
  if (usePublic) {
    const pub = loadPublicSets();
    sets.malicious.push(...bySplit(pub.mitre, 'test'), ...bySplit(pub.cysecbench, 'test'));
    sets.benign.push(...bySplit(pub.frr, 'test'), ...bySplit(pub.xstestSafe, 'test'));
    sets.coding.push(...pub.humaneval);
  }
  const candidateModel = trainByRecipe({ usePublic, synthesize: options.synthesize ?? true, extra: rows, train: { metadata: { retrainedFrom: modelPath, logRows: rows.length } } });
  const before = figures(old, sets);
  const after = figures(candidateModel, sets);
  const tolerance = options.tolerance ?? 0.005;
  const reasons: string[] = [];
  if (after.tpr < before.tpr - tolerance) reasons.push(`TPR fell from ${before.tpr.toFixed(4)} to ${after.tpr.toFixed(4)}`);
  if (after.fpr > before.fpr + tolerance) reasons.push(`FPR rose from ${before.fpr.toFixed(4)} to ${after.fpr.toFixed(4)}`);
  if (after.codingFpr > before.codingFpr) reasons.push(`coding-prompt FPR rose from ${before.codingFpr.toFixed(4)} to ${after.codingFpr.toFixed(4)}`);
  const promoted = reasons.length === 0;
  let outPath: string | undefined;
  if (promoted) {
    outPath = options.out ?? modelPath;
    saveSanitizerModel(candidateModel, outPath);
    forgetSanitizerModel(outPath);
  }
  return { promoted, reasons, old: before, candidate: after, logRows: rows.length, outPath, candidateModel };
}
