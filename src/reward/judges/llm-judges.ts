// Runs the LLM-as-judge rubrics through the one OpenAI-compatible client: bounded concurrency across
// all samples, verdicts cached by content hash, and failures returned as unavailable verdicts.
import { LlmClient, MemoryLlmCache } from '../../llm/index.js';
import { loadPolicy, renderPolicy } from '../../policy/index.js';
import { errorMessage } from '../../shared/errors.js';
import type { RewardConfig } from '../config.js';
import { contentHash, LruCache } from '../lru.js';
import type { JudgeName, JudgeRunner, JudgeVerdict } from '../types.js';
import { fillTemplate, loadRubrics, verdictAnswerSchema, verdictScore, type Rubrics } from './rubrics.js';

/** Judged text is cut to this many characters: a judge does not need megabytes to decide. */
const MAX_JUDGED_CHARS = 24_000;

function clip(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= MAX_JUDGED_CHARS) return text;
  return `${text.slice(0, MAX_JUDGED_CHARS / 2)}\n…[${text.length - MAX_JUDGED_CHARS} characters omitted]…\n${text.slice(-MAX_JUDGED_CHARS / 2)}`;
}

/** A counting semaphore: judge calls from every concurrent sample share one budget. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export class LlmJudgeRunner implements JudgeRunner {
  private readonly client: LlmClient;
  private readonly rubrics: Rubrics;
  private readonly policy: string;
  private readonly limiter: Limiter;
  private readonly verdicts: LruCache<Promise<JudgeVerdict>>;

  constructor(config: RewardConfig['judges'] & { baseUrl: string }) {
    this.client = new LlmClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      model: config.model,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      cache: new MemoryLlmCache(config.cacheSize),
    });
    this.rubrics = loadRubrics(config.rubrics);
    this.policy = renderPolicy(loadPolicy());
    this.limiter = new Limiter(config.concurrency);
    this.verdicts = new LruCache(config.cacheSize);
  }

  judge(name: JudgeName, input: { prompt: string; completion: string; original?: string; code?: string }): Promise<JudgeVerdict> {
    const key = contentHash(name, input.prompt, input.completion, input.original ?? '', input.code ?? '');
    const cached = this.verdicts.get(key);
    if (cached) return cached;
    const pending = this.limiter.run(() => this.ask(name, input));
    this.verdicts.set(key, pending);
    // Failures are not cached: the next sample gets a fresh try once the judge is back.
    void pending.then((verdict) => {
      if (verdict.score === null) this.verdicts.delete(key);
    });
    return pending;
  }

  private async ask(name: JudgeName, input: { prompt: string; completion: string; original?: string; code?: string }): Promise<JudgeVerdict> {
    const rubric = this.rubrics[name];
    const values = { prompt: clip(input.prompt), completion: clip(input.completion), original: clip(input.original), code: clip(input.code), policy: this.policy };
    try {
      const answer = await this.client.chatJson(
        { messages: [{ role: 'system', content: fillTemplate(rubric.system, values) }, { role: 'user', content: fillTemplate(rubric.user, values) }], temperature: 0, max_tokens: 200 },
        verdictAnswerSchema(rubric),
      );
      const score = verdictScore(rubric, answer);
      const label = answer.label ?? String(answer.score);
      if (score === undefined) return { score: null, label, error: `judge answered "${label}", which the ${name} rubric does not define` };
      return { score, label, reason: answer.reason };
    } catch (err) {
      return { score: null, error: errorMessage(err) };
    }
  }
}
