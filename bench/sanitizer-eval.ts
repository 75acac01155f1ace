// The sanitizer benchmark: held-out figures of the bundled model against the TF-IDF + logistic
// regression anchor trained on the same data in the same run. `npx vite-node bench/sanitizer-eval.ts`
import { statSync } from 'node:fs';
import { classify, DEFAULT_MODEL_PATH, loadSanitizerModel } from '../src/guard/sanitizer/index.js';
import { bySplit, hasSharedData, loadPublicSets, type LabelledRow } from '../src/guard/sanitizer/dataset.js';
import { auroc, percent, percentile, rateAtOrAbove, thresholdAtFpr, tprAtFpr } from '../src/guard/sanitizer/metrics.js';
import { DEFAULT_DEV_FPR, rowText, SOURCE_BUDGET, trainByRecipe, trainingGroups, weightedExamples } from '../src/guard/sanitizer/recipe.js';
import { synthesizeConversations, synthesizePrompts } from '../src/guard/sanitizer/synthesize/index.js';
import { trainSanitizer } from '../src/guard/sanitizer/train.js';
import { TfidfLogisticAnchor } from './sanitizer-tfidf.js';

if (!hasSharedData()) {
  console.log('sanitizer bench: ../shared/data is absent; nothing to measure.');
  process.exit(0);
}

type Scorer = (row: LabelledRow) => number;
const seconds = (start: number) => (performance.now() - start) / 1000;
const sets = loadPublicSets();
const conversations = synthesizeConversations('test');
const test = {
  mitre: bySplit(sets.mitre, 'test'),
  cysec: bySplit(sets.cysecbench, 'test'),
  benign: [...bySplit(sets.frr, 'test'), ...bySplit(sets.xstestSafe, 'test')],
  humaneval: sets.humaneval,
  code: bySplit(sets.codeRequests, 'test'),
  unsafeGeneral: sets.xstestUnsafe,
  escalation: conversations.filter((r) => r.category === 'escalation' || r.category === 'forged-assistant'),
  benignConversations: conversations.filter((r) => r.category === 'benign-chain' || r.category === 'benign-after-refusal'),
};

function devThreshold(score: Scorer, dev: ReturnType<typeof trainingGroups>['dev']): number {
  return Math.max(0.5, thresholdAtFpr(dev.securityBenign.map(score), DEFAULT_DEV_FPR), thresholdAtFpr(dev.codingBenign.map(score), DEFAULT_DEV_FPR / 2));
}

/** The same row reduced to its final message: what a per-prompt filter without the combiner sees. */
function lastTurnOnly(row: LabelledRow): LabelledRow {
  const messages = row.conversation as { role: string; content: string }[];
  return { ...row, conversation: messages[messages.length - 1].content };
}

function figures(score: Scorer, threshold: number) {
  const s = (rows: LabelledRow[]) => rows.map(score);
  const mitre = s(test.mitre);
  const cysec = s(test.cysec);
  const benign = s(test.benign);
  return {
    threshold,
    mitreTpr: rateAtOrAbove(mitre, threshold),
    cysecTpr: rateAtOrAbove(cysec, threshold),
    benignFpr: rateAtOrAbove(benign, threshold),
    auroc: auroc([...mitre, ...cysec], benign),
    oracleTpr2: tprAtFpr([...mitre, ...cysec], benign, 0.02),
    humanevalFp: rateAtOrAbove(s(test.humaneval), threshold),
    codeFp: rateAtOrAbove(s(test.code), threshold),
    unsafeGeneral: rateAtOrAbove(s(test.unsafeGeneral), threshold),
    escalation: rateAtOrAbove(s(test.escalation), threshold),
    escalationLastTurn: rateAtOrAbove(s(test.escalation.map(lastTurnOnly)), threshold),
    benignConversations: rateAtOrAbove(s(test.benignConversations), threshold),
  };
}

function latency(scoreText: (text: string) => number): { p50: number; p99: number } {
  const prompts = [...test.mitre, ...test.cysec, ...test.benign].map((r) => String(r.conversation));
  for (const p of prompts.slice(0, 500)) scoreText(p);
  const samples: number[] = [];
  for (const p of prompts) {
    const t = performance.now();
    scoreText(p);
    samples.push((performance.now() - t) * 1000);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

// --- codeward: the bundled model, plus a fresh training run by the same recipe for timing.
const bundled = loadSanitizerModel();
let started = performance.now();
const fresh = trainByRecipe({ usePublic: true, synthesize: true });
const recipeSeconds = seconds(started);
const ours: Scorer = (row) => classify(row.conversation, { model: bundled }).score;

// --- anchor: TF-IDF + LR on exactly the same weighted examples, threshold by the same dev rule.
const { groups, dev } = trainingGroups({ usePublic: true, synthesize: true });
const examples = weightedExamples(groups, SOURCE_BUDGET);
const anchor = new TfidfLogisticAnchor();
started = performance.now();
anchor.fit(examples);
const anchorSeconds = seconds(started);
const anchorScore: Scorer = (row) => anchor.score(rowText(row));
const anchorThreshold = devThreshold(anchorScore, dev);

// --- held-out source: train without one public malicious source at all, test on it.
function heldOutSource(source: 'mitre' | 'cysecbench', rows: LabelledRow[]): [number, number] {
  const model = trainByRecipe({ usePublic: true, synthesize: true, excludeSources: [source] });
  const data = trainingGroups({ usePublic: true, synthesize: true, excludeSources: [source] });
  const baseline = new TfidfLogisticAnchor();
  baseline.fit(weightedExamples(data.groups, SOURCE_BUDGET));
  const score: Scorer = (row) => baseline.score(rowText(row));
  return [rateAtOrAbove(rows.map((r) => classify(r.conversation, { model }).score), model.threshold), rateAtOrAbove(rows.map(score), devThreshold(score, data.dev))];
}
const heldOutMitre = heldOutSource('mitre', sets.mitre);
const heldOutCysec = heldOutSource('cysecbench', test.cysec);

// --- training time at ~20k examples (every public row + synthesized prompts, timing only).
const big = weightedExamples([sets.mitre, sets.cysecbench, sets.frr, sets.xstestSafe, sets.codeRequests, synthesizePrompts({ variants: 24 })], SOURCE_BUDGET);
started = performance.now();
trainSanitizer(big);
const bigSeconds = seconds(started);

const ourFigures = figures(ours, bundled.threshold);
const anchorFigures = figures(anchorScore, anchorThreshold);
const ourLatency = latency((t) => classify(t, { model: bundled }).score);
const anchorLatency = latency((t) => anchor.score(t));

const rows: [string, string, string, string][] = [
  ['threshold (chosen on dev)', ourFigures.threshold.toFixed(4), anchorFigures.threshold.toFixed(4), ''],
  [`MITRE test TPR (n=${test.mitre.length})`, percent(ourFigures.mitreTpr), percent(anchorFigures.mitreTpr), '≥ 99%'],
  [`CySecBench test TPR (n=${test.cysec.length})`, percent(ourFigures.cysecTpr), percent(anchorFigures.cysecTpr), '≥ 97%'],
  [`FPR FRR+XSTest-safe test (n=${test.benign.length})`, percent(ourFigures.benignFpr), percent(anchorFigures.benignFpr), '≤ 2%'],
  ['AUROC (MITRE+CySec test vs benign test)', ourFigures.auroc.toFixed(4), anchorFigures.auroc.toFixed(4), ''],
  ['TPR at 2% FPR (oracle threshold on test)', percent(ourFigures.oracleTpr2), percent(anchorFigures.oracleTpr2), ''],
  [`HumanEval prompts flagged (n=${test.humaneval.length})`, percent(ourFigures.humanevalFp), percent(anchorFigures.humanevalFp), '≤ 0.5%'],
  [`coding/vuln-fix requests flagged (n=${test.code.length})`, percent(ourFigures.codeFp), percent(anchorFigures.codeFp), ''],
  [`multi-turn escalations caught (n=${test.escalation.length}, held-out chains)`, percent(ourFigures.escalation), percent(anchorFigures.escalation), '≥ 90%'],
  ['  same conversations, final message alone (no combiner)', percent(ourFigures.escalationLastTurn), percent(anchorFigures.escalationLastTurn), 'info'],
  [`benign conversations flagged (n=${test.benignConversations.length})`, percent(ourFigures.benignConversations), percent(anchorFigures.benignConversations), ''],
  [`XSTest unsafe-general flagged (not cyber; n=${test.unsafeGeneral.length})`, percent(ourFigures.unsafeGeneral), percent(anchorFigures.unsafeGeneral), 'info'],
  ['held-out source: MITRE (all rows), trained without MITRE', percent(heldOutMitre[0]), percent(heldOutMitre[1]), 'info'],
  ['held-out source: CySecBench test, trained without CySecBench', percent(heldOutCysec[0]), percent(heldOutCysec[1]), 'info'],
  ['latency p50 per prompt (µs)', ourLatency.p50.toFixed(1), anchorLatency.p50.toFixed(1), '≤ 100'],
  ['latency p99 per prompt (µs)', ourLatency.p99.toFixed(1), anchorLatency.p99.toFixed(1), ''],
  [`training time, recipe (${examples.length} examples, s)`, recipeSeconds.toFixed(2), anchorSeconds.toFixed(2), ''],
  [`training time, ${big.length} examples (s)`, bigSeconds.toFixed(2), '', '≤ 60'],
  ['model file (MB)', (statSync(DEFAULT_MODEL_PATH).size / 1e6).toFixed(2), '', '≤ 4'],
];
const width = [Math.max(...rows.map((r) => r[0].length)), 10, 10, 8];
console.log(`sanitizer bench — codeward (bundled ${DEFAULT_MODEL_PATH}) vs anchor TF-IDF+LR, same training data, same split`);
console.log(`${'figure'.padEnd(width[0])}  ${'codeward'.padStart(width[1])}  ${'anchor'.padStart(width[2])}  target`);
for (const r of rows) console.log(`${r[0].padEnd(width[0])}  ${r[1].padStart(width[1])}  ${r[2].padStart(width[2])}  ${r[3]}`);
console.log(`latency ratio codeward/anchor (p50): ${(ourLatency.p50 / anchorLatency.p50).toFixed(3)}`);
console.log(`fresh recipe model threshold ${fresh.threshold.toFixed(4)} vs bundled ${bundled.threshold.toFixed(4)} (same recipe and seed)`);
