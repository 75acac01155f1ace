// `codeward sanitizer train|score|eval|retrain`: thin wrappers over src/guard/sanitizer.
// Output goes to stdout (JSONL for score, text reports otherwise); errors are CodewardErrors.
import type { Command } from 'commander';
import { CodewardError } from '../../shared/errors.js';
import { classify, loadSanitizerModel, saveSanitizerModel } from '../../guard/sanitizer/index.js';
import { readJsonl, readLabelledRows, rowConversation } from '../../guard/sanitizer/dataset.js';
import { evaluateRows, formatReport } from '../../guard/sanitizer/evaluate.js';
import { trainByRecipe } from '../../guard/sanitizer/recipe.js';
import { retrainFromLogs } from '../../guard/sanitizer/retrain.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseProbability(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new CodewardError('invalid_input', `${flag} must be a number between 0 and 1, got "${value}".`);
  return n;
}

/** The reproducible command line recorded in the model's metadata (file paths as given). */
function trainCommand(opts: { data: string[]; public?: boolean; synthesize?: boolean; holdout?: boolean; devFpr: string; seed: string; out: string }): string {
  const parts = ['codeward sanitizer train', ...opts.data.map((f) => `--data ${f}`)];
  if (opts.public) parts.push('--public');
  if (opts.synthesize) parts.push('--synthesize');
  if (opts.holdout) parts.push('--holdout');
  parts.push(`--dev-fpr ${opts.devFpr}`, `--seed ${opts.seed}`, `--out ${opts.out}`);
  return parts.join(' ');
}

export function registerSanitizer(program: Command): void {
  const sanitizer = program.command('sanitizer').description('Fast classifier of malicious cyber requests: train, score, evaluate, retrain from logs.');

  sanitizer
    .command('train')
    .description('Train a sanitizer model. The bundled one: codeward sanitizer train --public --synthesize --out models/sanitizer.json')
    .option('--data <file>', 'JSONL rows with prompt or messages and label malicious|benign (repeatable)', collect, [])
    .option('--public', 'add the train splits of ../shared/data (their dev splits set the threshold)')
    .option('--synthesize', 'add synthesized prompts and multi-turn conversations')
    .option('--holdout', 'train on the hash-split train part of --data only, keeping dev/test parts out')
    .option('--dev-fpr <rate>', 'false-positive budget on dev benign rows for the threshold', '0.015')
    .option('--seed <n>', 'shuffle seed', '1')
    .requiredOption('--out <model>', 'where to write the model JSON')
    .action((opts: { data: string[]; public?: boolean; synthesize?: boolean; holdout?: boolean; devFpr: string; seed: string; out: string }) => {
      const extra = opts.data.flatMap((file) => readLabelledRows(file));
      if (!opts.public && !opts.synthesize && extra.length === 0) {
        throw new CodewardError('invalid_input', 'No training data.', 'Pass --data FILE, --public and/or --synthesize.');
      }
      const model = trainByRecipe({
        usePublic: opts.public,
        synthesize: opts.synthesize,
        extra,
        extraAllRows: !opts.holdout,
        devFpr: parseProbability(opts.devFpr, '--dev-fpr'),
        train: { seed: Number(opts.seed) || 1, metadata: { command: trainCommand(opts) } },
      });
      saveSanitizerModel(model, opts.out);
      process.stdout.write(`wrote ${opts.out}: ${model.metadata.examples} examples in ${model.metadata.trainSeconds}s, threshold ${model.threshold.toFixed(4)}, window weight ${model.combiner.windowWeight}\n`);
    });

  sanitizer
    .command('score <file>')
    .description('Score each JSONL row (prompt or messages); writes {"id","score","flagged"} per line.')
    .option('--model <path>', 'model file (default: the bundled model)')
    .option('--threshold <p>', 'override the model threshold')
    .action((file: string, opts: { model?: string; threshold?: string }) => {
      const model = loadSanitizerModel(opts.model);
      const threshold = parseProbability(opts.threshold, '--threshold');
      for (const row of readJsonl(file)) {
        const id = row.id ?? null;
        const conversation = rowConversation(row);
        if (conversation === undefined) {
          process.stdout.write(`${JSON.stringify({ id, error: 'row has neither prompt nor messages' })}\n`);
          continue;
        }
        try {
          const verdict = classify(conversation, { model, threshold });
          process.stdout.write(`${JSON.stringify({ id, score: Number(verdict.score.toFixed(6)), flagged: verdict.flagged })}\n`);
        } catch (err) {
          if (!(err instanceof CodewardError)) throw err;
          process.stdout.write(`${JSON.stringify({ id, error: err.message })}\n`);
        }
      }
    });

  sanitizer
    .command('eval')
    .description('AUROC, TPR at 1/2/5% FPR, per-category breakdown and worst misses.')
    .requiredOption('--malicious <file>', 'JSONL of malicious rows (repeatable)', collect, [])
    .requiredOption('--benign <file>', 'JSONL of benign rows (repeatable)', collect, [])
    .option('--model <path>', 'model file (default: the bundled model)')
    .action((opts: { malicious: string[]; benign: string[]; model?: string }) => {
      const model = loadSanitizerModel(opts.model);
      const malicious = opts.malicious.flatMap((f) => readLabelledRows(f));
      const benign = opts.benign.flatMap((f) => readLabelledRows(f));
      const report = evaluateRows((row) => classify(row.conversation, { model }).score, malicious, benign, model.threshold);
      process.stdout.write(`${formatReport(report)}\n`);
    });

  sanitizer
    .command('retrain')
    .description('Retrain with labelled gateway logs; promote the new model only if it does not regress.')
    .requiredOption('--logs <file>', 'JSONL rows {messages|prompt, label} exported from the audit log (repeatable)', collect, [])
    .option('--model <path>', 'current model (default: the bundled model)')
    .option('--out <path>', 'where to write a promoted model (default: over --model)')
    .option('--no-synthesize', 'leave synthesized data out of the candidate')
    .action((opts: { logs: string[]; model?: string; out?: string; synthesize: boolean }) => {
      const result = retrainFromLogs({ logs: opts.logs, modelPath: opts.model, out: opts.out, synthesize: opts.synthesize });
      const show = (f: typeof result.old) => `TPR ${(f.tpr * 100).toFixed(2)}%, FPR ${(f.fpr * 100).toFixed(2)}%, coding FPR ${(f.codingFpr * 100).toFixed(2)}% @ ${f.threshold.toFixed(4)}`;
      process.stdout.write(`log rows: ${result.logRows}\nold:       ${show(result.old)}\ncandidate: ${show(result.candidate)}\n`);
      process.stdout.write(result.promoted ? `promoted: wrote ${result.outPath}\n` : `not promoted: ${result.reasons.join('; ')}\n`);
      if (!result.promoted) process.exitCode = 1;
    });
}
