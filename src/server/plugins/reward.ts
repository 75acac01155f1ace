// Reward routes for RL engines: POST /get_reward (OpenRLHF remote reward model) and POST /v1/rewards
// (batch). Samples are scored concurrently; a bad sample gets its own error and never fails the batch.
import { availableParallelism } from 'node:os';
import type { FastifyPluginAsync } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { defaultRewardConfig, loadRewardConfig } from '../../reward/config.js';
import type { ScoredSample } from '../../reward/compose.js';
import { parseSample, stripPrompt, type ParsedSample, type SampleError } from '../../reward/sample.js';
import { RewardScorer } from '../../reward/scorer.js';
import { closeSandbox, getSandbox } from '../../sandbox/index.js';
import { errorMessage } from '../../shared/errors.js';
import { metricsRegistry } from '../metrics.js';
import { openAIError } from '../errors.js';
import type { PluginOptions } from '../plugins.js';

/** What the reward plugin reads from the server context. */
export interface RewardServerContext {
  /**
   * A ready scorer (tests, custom setups). Default: the YAML at $CODEWARD_REWARD_CONFIG (else the
   * secure-by-default config) on the process-wide sandbox, with detector worker threads.
   */
  rewardScorer?: RewardScorer;
}

/** Largest batch per request; bigger batches should be split by the client. */
export const MAX_REWARD_BATCH = 4096;

const sampleDuration = new Histogram({
  name: 'codeward_reward_sample_duration_seconds',
  help: 'Time to score one sample, by oracle.',
  labelNames: ['oracle'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});
const componentValue = new Histogram({
  name: 'codeward_reward_component_value',
  help: 'Reward component values (sum/count gives the running average), by component.',
  labelNames: ['component'] as const,
  buckets: [-10, -1, -0.5, 0, 0.2, 0.4, 0.6, 0.8, 1, 2],
  registers: [metricsRegistry],
});
const samplesTotal = new Counter({
  name: 'codeward_reward_samples_total',
  help: 'Samples received by the reward routes, by oracle and outcome (scored, invalid, failed).',
  labelNames: ['oracle', 'outcome'] as const,
  registers: [metricsRegistry],
});
const unavailableTotal = new Counter({
  name: 'codeward_reward_component_unavailable_total',
  help: 'Components that could not be measured (judge down, no tests, sandbox error), by component.',
  labelNames: ['component'] as const,
  registers: [metricsRegistry],
});

type Outcome = { ok: true; result: ScoredSample } | { ok: false; error: SampleError | { code: 'internal_error'; message: string } };

function recordScored(result: ScoredSample): void {
  samplesTotal.inc({ oracle: result.oracle, outcome: 'scored' });
  for (const [name, value] of Object.entries(result.components)) {
    if (value === null) unavailableTotal.inc({ component: name });
    else componentValue.observe({ component: name }, value);
  }
}

function parseOne(scorer: RewardScorer, raw: unknown): ParsedSample {
  const parsed = parseSample(raw, scorer.config.maxCompletionChars);
  if (!parsed.ok) samplesTotal.inc({ oracle: 'unknown', outcome: 'invalid' });
  return parsed;
}

async function scoreOne(scorer: RewardScorer, raw: unknown): Promise<Outcome> {
  const parsed = parseOne(scorer, raw);
  if (!parsed.ok) return parsed;
  const started = performance.now();
  try {
    const result = await scorer.score(parsed.sample);
    sampleDuration.observe({ oracle: result.oracle }, (performance.now() - started) / 1000);
    recordScored(result);
    return { ok: true, result };
  } catch (err) {
    samplesTotal.inc({ oracle: parsed.sample.oracle, outcome: 'failed' });
    return { ok: false, error: { code: 'internal_error', message: `Scoring failed: ${errorMessage(err)}` } };
  }
}

/** A batch is scored together so samples of one GRPO group share group-relative terms (Kimi length). */
async function scoreMany(scorer: RewardScorer, raws: unknown[]): Promise<Outcome[]> {
  const parsed = raws.map((raw) => parseOne(scorer, raw));
  const valid = parsed.flatMap((p) => (p.ok ? [p.sample] : []));
  let results: ScoredSample[];
  try {
    results = await scorer.scoreBatch(valid);
  } catch (err) {
    const error = { code: 'internal_error' as const, message: `Scoring failed: ${errorMessage(err)}` };
    return parsed.map((p) => (p.ok ? { ok: false, error } : p));
  }
  let next = 0;
  return parsed.map((p) => {
    if (!p.ok) return p;
    const result = results[next++];
    recordScored(result);
    return { ok: true, result };
  });
}

/** OpenRLHF sends parallel arrays; row i of the batch is rebuilt from them. */
function openRlhfRow(body: { query: unknown[]; prompts?: unknown[]; labels?: unknown[] }, i: number): unknown {
  const query = body.query[i];
  const prompt = body.prompts?.[i];
  if (typeof query !== 'string') return { completion: query };
  const completion = typeof prompt === 'string' ? stripPrompt(query, prompt) : query;
  return { prompt: typeof prompt === 'string' ? prompt : '', completion, label: body.labels?.[i] ?? { oracle: 'correctness' } };
}

const getRewardSchema = {
  body: {
    type: 'object',
    required: ['query'],
    properties: {
      query: { type: 'array', maxItems: MAX_REWARD_BATCH, description: 'prompt + response per sample' },
      prompts: { type: 'array', maxItems: MAX_REWARD_BATCH },
      labels: { type: 'array', maxItems: MAX_REWARD_BATCH, description: 'JSON strings {"oracle","language","tests"}' },
    },
  },
} as const;

const rewardsSchema = {
  body: {
    type: 'object',
    required: ['samples'],
    properties: {
      samples: { type: 'array', maxItems: MAX_REWARD_BATCH, description: '{prompt, completion, oracle, language?, tests?, original?, group_id?, id?}' },
      include_diagnostics: { type: 'boolean' },
    },
  },
} as const;

const rewardPlugin: FastifyPluginAsync<PluginOptions> = async (app, options) => {
  const context = options.context as RewardServerContext;
  let scorer = context.rewardScorer;
  const ownsScorer = !scorer;
  // Built on first use so a server that never scores starts neither the sandbox pool nor the scan workers.
  const configPath = process.env.CODEWARD_REWARD_CONFIG;
  // A broken config file must stop the server at start-up, not fail every reward request later.
  const config = configPath ? loadRewardConfig(configPath) : defaultRewardConfig();
  const getScorer = () => (scorer ??= new RewardScorer({ config, sandbox: getSandbox(), scanWorkers: Math.min(availableParallelism(), 4) }));
  if (ownsScorer) {
    app.addHook('onClose', async () => {
      await scorer?.close();
      await closeSandbox();
    });
  }

  app.post('/get_reward', { schema: getRewardSchema }, async (request, reply) => {
    const body = request.body as { query: unknown[]; prompts?: unknown[]; labels?: unknown[] };
    if (body.prompts && body.prompts.length !== body.query.length) {
      return reply.code(400).send(openAIError(`prompts has ${body.prompts.length} entries but query has ${body.query.length}; send one prompt per query.`, 400, 'invalid_input', 'prompts'));
    }
    if (body.labels && body.labels.length !== body.query.length) {
      return reply.code(400).send(openAIError(`labels has ${body.labels.length} entries but query has ${body.query.length}; send one label per query.`, 400, 'invalid_input', 'labels'));
    }
    const s = getScorer();
    const outcomes = await Promise.all(body.query.map((_, i) => scoreOne(s, openRlhfRow(body, i))));
    const names = [...new Set(outcomes.flatMap((o) => (o.ok ? Object.keys(o.result.components) : [])))].sort();
    // OpenRLHF turns every list into a float tensor: no nulls here; `invalid`/`unavailable` say what is missing.
    const extraLogs: Record<string, number[]> = { invalid: [], unavailable: [] };
    for (const name of names) extraLogs[name] = [];
    for (const outcome of outcomes) {
      extraLogs.invalid.push(outcome.ok ? 0 : 1);
      extraLogs.unavailable.push(outcome.ok ? outcome.result.unavailable.length : 0);
      for (const name of names) extraLogs[name].push(outcome.ok ? (outcome.result.components[name] ?? 0) : 0);
    }
    return {
      rewards: outcomes.map((o) => (o.ok ? o.result.score : 0)),
      scores: outcomes.map((o) => (o.ok ? (o.result.pass ?? 0) : 0)),
      extra_logs: extraLogs,
      errors: outcomes.map((o) => (o.ok ? null : o.error)),
    };
  });

  app.post('/v1/rewards', { schema: rewardsSchema }, async (request) => {
    const body = request.body as { samples: unknown[]; include_diagnostics?: boolean };
    const s = getScorer();
    const outcomes = await scoreMany(s, body.samples);
    const data = outcomes.map((outcome, index) => {
      const raw = body.samples[index] as { id?: unknown } | null;
      const id = raw && typeof raw === 'object' && raw.id !== undefined ? String(raw.id) : undefined;
      if (!outcome.ok) return { index, id, error: outcome.error };
      const { score, pass, oracle, components, unavailable, diagnostics } = outcome.result;
      return { index, id, oracle, score, pass, components, unavailable, ...(body.include_diagnostics ? { diagnostics } : {}) };
    });
    const sums: Record<string, { sum: number; count: number }> = {};
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      for (const [name, value] of Object.entries({ score: outcome.result.score, ...outcome.result.components })) {
        if (value === null) continue;
        const entry = (sums[name] ??= { sum: 0, count: 0 });
        entry.sum += value;
        entry.count += 1;
      }
    }
    const means = Object.fromEntries(Object.entries(sums).map(([name, { sum, count }]) => [name, sum / count]));
    return { object: 'list', data, summary: { count: outcomes.length, errors: outcomes.filter((o) => !o.ok).length, means } };
  });
};

export default rewardPlugin;
