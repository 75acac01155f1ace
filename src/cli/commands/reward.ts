// `codeward reward score ROLLOUTS.jsonl`: scores RL rollouts offline with the reward pipeline, writes
// one JSON line per rollout and prints per-component means and zero-advantage group statistics.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { defaultRewardConfig, loadRewardConfig } from '../../reward/config.js';
import type { ScoredSample } from '../../reward/compose.js';
import { advantagesByGroup, zeroVarianceStats, type GroupedReward } from '../../reward/grpo.js';
import { parseSample, stripPrompt, type ParsedSample } from '../../reward/sample.js';
import { RewardScorer } from '../../reward/scorer.js';
import { closeSandbox, getSandbox } from '../../sandbox/index.js';
import { CodewardError, errorMessage } from '../../shared/errors.js';

interface ScoreFlags {
  config?: string;
  output?: string;
  concurrency: string;
  sandbox: boolean;
  advantages?: string;
  progress: boolean;
}

/** One JSONL line → a sample; `query` (OpenRLHF: prompt + response) is accepted in place of `completion`. */
function parseRow(line: string, lineNumber: number, maxChars: number): ParsedSample {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: { code: 'invalid_input', message: `line ${lineNumber} is not JSON: ${errorMessage(err)}` } };
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const row = raw as Record<string, unknown>;
    if (row.completion === undefined && row.response === undefined && typeof row.query === 'string') {
      raw = { ...row, completion: stripPrompt(row.query, typeof row.prompt === 'string' ? row.prompt : '') };
    }
  }
  return parseSample(raw, maxChars);
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `\r${pc.cyan('█'.repeat(filled))}${'░'.repeat(width - filled)} ${done}/${total}`;
}

function summaryTable(results: ScoredSample[], errors: number, groups: GroupedReward[]): string {
  const lines = [`samples ${results.length + errors}  scored ${results.length}  errors ${errors}`];
  const stats = new Map<string, { sum: number; count: number; unavailable: number }>();
  for (const result of results) {
    for (const [name, value] of Object.entries({ score: result.score, pass: result.pass, ...result.components })) {
      const entry = stats.get(name) ?? { sum: 0, count: 0, unavailable: 0 };
      if (value === null) entry.unavailable += 1;
      else {
        entry.sum += value;
        entry.count += 1;
      }
      stats.set(name, entry);
    }
  }
  lines.push(`${'component'.padEnd(20)}${'mean'.padStart(9)}${'n'.padStart(8)}${'unavailable'.padStart(13)}`);
  for (const [name, { sum, count, unavailable }] of stats) {
    lines.push(`${name.padEnd(20)}${(count ? sum / count : NaN).toFixed(3).padStart(9)}${String(count).padStart(8)}${String(unavailable).padStart(13)}`);
  }
  if (groups.length > 0) {
    const zero = zeroVarianceStats(groups);
    lines.push('', `groups ${zero.groups}  zero-advantage groups ${zero.zeroVarianceGroups} (${(zero.zeroVarianceFraction * 100).toFixed(1)}%)`);
    for (const [cause, count] of Object.entries(zero.causes).sort((a, b) => b[1] - a[1])) lines.push(`  ${cause.padEnd(30)} ${count}`);
  }
  return lines.join('\n');
}

async function scoreRollouts(file: string, flags: ScoreFlags): Promise<void> {
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CodewardError('invalid_input', `--concurrency must be a positive integer, got "${flags.concurrency}".`);
  if (flags.advantages && flags.advantages !== 'grpo' && flags.advantages !== 'drgrpo') {
    throw new CodewardError('invalid_input', `--advantages must be grpo or drgrpo, got "${flags.advantages}".`);
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read ${file}: ${errorMessage(err)}.`);
  }
  const config = flags.config ? loadRewardConfig(flags.config) : defaultRewardConfig();
  const scorer = new RewardScorer({ config, sandbox: flags.sandbox ? getSandbox() : undefined });
  const rows = text.split('\n').map((line, i) => ({ line, number: i + 1 })).filter((r) => r.line.trim() !== '');
  const parsed = rows.map((r) => parseRow(r.line, r.number, config.maxCompletionChars));
  const samples = parsed.flatMap((p) => (p.ok ? [p.sample] : []));
  const showProgress = flags.progress && process.stderr.isTTY === true;
  let results: ScoredSample[];
  try {
    results = await scorer.scoreBatch(samples, { concurrency, onProgress: showProgress ? (done, total) => process.stderr.write(progressBar(done, total)) : undefined });
  } finally {
    if (flags.sandbox) await closeSandbox();
  }
  if (showProgress) process.stderr.write('\n');

  const grouped: GroupedReward[] = [];
  samples.forEach((sample, i) => {
    if (sample.groupId !== undefined) grouped.push({ groupId: sample.groupId, score: results[i].score, components: results[i].components });
  });
  const advantages = flags.advantages && grouped.length === samples.length ? advantagesByGroup(grouped, { method: flags.advantages as 'grpo' | 'drgrpo' }) : undefined;

  const lines: string[] = [];
  let next = 0;
  parsed.forEach((p, i) => {
    if (!p.ok) {
      lines.push(`${JSON.stringify({ line: rows[i].number, error: p.error })}\n`);
      return;
    }
    const index = next++;
    const r = results[index];
    const row = { id: p.sample.id, group_id: p.sample.groupId, oracle: r.oracle, score: r.score, pass: r.pass, components: r.components, unavailable: r.unavailable, ...(advantages ? { advantage: advantages[index] } : {}) };
    lines.push(`${JSON.stringify(row)}\n`);
  });
  if (flags.output) writeFileSync(flags.output, lines.join(''));
  else process.stdout.write(lines.join(''));
  process.stderr.write(`${summaryTable(results, parsed.length - samples.length, grouped)}\n`);
}

export function registerReward(program: Command): void {
  const reward = program.command('reward').description('RL rewards: score rollouts offline (the server offers the same at POST /get_reward).');
  reward
    .command('score')
    .description('Score a JSONL file of rollouts ({prompt, completion|query, oracle|label, language, tests, group_id, id} per line).')
    .argument('<rollouts>', 'JSONL file; - reads stdin')
    .option('-c, --config <file>', 'reward config YAML (weights, ladder, length method, judges); defaults are secure-by-default')
    .option('-o, --output <file>', 'write the scores JSONL here instead of stdout')
    .option('--concurrency <n>', 'samples scored at once (the sandbox pool bounds the real parallelism)', '64')
    .option('--no-sandbox', 'skip running tests (functional components are reported unavailable)')
    .option('--advantages <method>', 'add GRPO advantages per group: grpo (mean/std) or drgrpo (mean only)')
    .option('--no-progress', 'hide the progress bar')
    .action(scoreRollouts);
}
