// The guard pipeline: small stages over one Exchange — sanitizer, moderator, upstream, answer review
// (scan, refine, fix, annotate), audit. Streaming releases prose at once and code once reviewed.
import { CodewardError, errorMessage } from '../shared/errors.js';
import type { CodewardConfig } from '../config/index.js';
import type { ChatUsage, LlmClient } from '../llm/index.js';
import { refusalFor, type Policy } from '../policy/index.js';
import type { AuditLog } from '../store/index.js';
import { classify, loadSanitizerModel, type SanitizerModel } from './sanitizer/index.js';
import { auditRecordOf, timed, type AnswerReview, type Exchange } from './exchange.js';
import { moderate } from './moderator.js';
import { reviewAnswer } from './answer-review.js';
import type { RefineOptions, TestRunner } from './refiner.js';
import { CodeBlockHolder } from './stream-holder.js';

export interface GuardDeps {
  config: CodewardConfig;
  policy: Policy;
  /** The upstream model; absent when none is configured (chat then answers not_configured). */
  upstream?: LlmClient;
  /** Defaults to the upstream. */
  moderatorClient?: LlmClient;
  /** Defaults to the upstream. */
  refinerClient?: LlmClient;
  sanitizerModel?: SanitizerModel;
  audit?: AuditLog;
  runTests?: TestRunner;
  /** Called when an audit write fails; the request itself still succeeds. */
  onAuditError?: (err: unknown) => void;
}

export type StreamEvent =
  | { type: 'delta'; text: string }
  /** Delta fields other than text (tool_calls, function_call, logprobs), forwarded as they came. */
  | { type: 'other'; delta: Record<string, unknown> }
  | { type: 'finish'; finishReason: string | null; usage?: ChatUsage };

const SAFE_COMPLETE_INSTRUCTION =
  'Answer only the legitimate part of the latest request. Leave out working malicious code and step-by-step attack instructions, and say in one sentence what you left out.';

export const UPSTREAM_NOT_CONFIGURED =
  'No upstream model is configured: set upstream.baseUrl in the config file, the CODEWARD_UPSTREAM_URL environment variable, or start with `codeward serve --upstream URL` (e.g. http://127.0.0.1:11434/v1).';

export class GuardPipeline {
  private readonly deps: GuardDeps;

  constructor(deps: GuardDeps) {
    this.deps = deps;
  }

  get config(): CodewardConfig {
    return this.deps.config;
  }

  get upstream(): LlmClient | undefined {
    return this.deps.upstream;
  }

  /** Loads models, rules and parsers now, so the first request does not pay for them. */
  async warmUp(): Promise<void> {
    if (this.deps.config.sanitizer.enabled) classify('warm up', { model: this.sanitizerModel() });
    await reviewAnswer('```python\nimport yaml\nyaml.load(x)\n```', { maxAttempts: 1 });
  }

  private sanitizerModel(): SanitizerModel {
    return this.deps.sanitizerModel ?? loadSanitizerModel(this.deps.config.sanitizer.modelPath);
  }

  private block(exchange: Exchange, by: 'sanitizer' | 'moderator', rules: string[]): void {
    exchange.blocked = { by, rules, refusal: refusalFor(this.deps.policy, rules) };
    exchange.action = 'blocked';
  }

  /** Sanitizer then (per config) moderator; sets exchange.blocked or may add a safe-completion instruction. */
  async screen(exchange: Exchange, signal?: AbortSignal): Promise<void> {
    const { sanitizer, moderator } = this.deps.config;
    let uncertain = false;
    if (sanitizer.enabled) {
      const model = this.sanitizerModel();
      const threshold = sanitizer.threshold ?? model.threshold;
      const verdict = await timed(exchange, 'sanitizer', () => classify(exchange.messages, { model, threshold }));
      const band = verdict.score >= threshold ? 'high' : verdict.score >= sanitizer.uncertainFrom ? 'uncertain' : 'low';
      exchange.sanitizer = { score: verdict.score, threshold, band, reasons: verdict.reasons };
      if (band === 'high') {
        this.block(exchange, 'sanitizer', []);
        return;
      }
      uncertain = band === 'uncertain';
    }
    if (moderator.mode === 'always' || (moderator.mode === 'uncertain' && uncertain)) await this.moderate(exchange, signal);
  }

  private async moderate(exchange: Exchange, signal?: AbortSignal): Promise<void> {
    const { moderator } = this.deps.config;
    const client = this.deps.moderatorClient ?? this.deps.upstream;
    try {
      if (!client) throw new CodewardError('not_configured', 'no moderator model (set moderator.baseUrl or upstream.baseUrl)');
      const verdict = await timed(exchange, 'moderator', () =>
        moderate(client, this.deps.policy, exchange.messages, { model: this.stageModel(moderator, exchange), timeoutMs: moderator.timeoutMs, signal }),
      );
      exchange.moderator = verdict;
    } catch (err) {
      const verdict = moderator.failMode === 'closed' ? 'refuse' : 'allow';
      exchange.moderator = { verdict, rules: [], rationale: `moderator unavailable; fail-${moderator.failMode}`, error: errorMessage(err) };
    }
    if (exchange.moderator.verdict === 'refuse') this.block(exchange, 'moderator', exchange.moderator.rules);
    else if (exchange.moderator.verdict === 'safe_complete') {
      const messages = [{ role: 'system', content: SAFE_COMPLETE_INSTRUCTION }, ...exchange.messages];
      exchange.upstreamRequest = { ...exchange.upstreamRequest, messages };
    }
  }

  /**
   * The model a stage asks: its own when configured; else, on the upstream, the model the client
   * chose (known to exist there); on a dedicated base URL, that client's default.
   */
  private stageModel(stage: { model?: string; baseUrl?: string }, exchange: Exchange): string | undefined {
    if (stage.model) return stage.model;
    return stage.baseUrl ? undefined : exchange.model;
  }

  private requireUpstream(): LlmClient {
    if (!this.deps.upstream) throw new CodewardError('not_configured', UPSTREAM_NOT_CONFIGURED);
    return this.deps.upstream;
  }

  private refineOptions(exchange: Exchange, signal?: AbortSignal): RefineOptions & { annotate: boolean } {
    const { refiner, response } = this.deps.config;
    return {
      client: refiner.enabled ? (this.deps.refinerClient ?? this.deps.upstream) : undefined,
      model: this.stageModel(refiner, exchange),
      maxAttempts: refiner.maxAttempts,
      timeoutMs: refiner.timeoutMs,
      tests: exchange.tests?.tests,
      runTests: this.deps.runTests,
      signal,
      annotate: response.annotate,
    };
  }

  /** Reviews answer text (all code blocks); used by chat and by the guardrail API. */
  async review(exchange: Exchange, text: string, signal?: AbortSignal): Promise<AnswerReview> {
    return timed(exchange, 'review', () => reviewAnswer(text, this.refineOptions(exchange, signal)));
  }

  /** Non-streaming: upstream call, then review of every choice. Returns the body to send. */
  async complete(exchange: Exchange, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const upstream = this.requireUpstream();
    const result = await timed(exchange, 'upstream', () => upstream.chat(exchange.upstreamRequest as never, { signal }));
    const raw = structuredClone(result.raw);
    const choices = (raw.choices as Array<{ message?: { content?: unknown } }>) ?? [];
    exchange.answer = result.content;
    exchange.finishReason = result.finishReason;
    for (const [i, choice] of choices.entries()) {
      if (!choice.message || typeof choice.message.content !== 'string') continue;
      const review = await this.review(exchange, choice.message.content, signal);
      choice.message.content = review.text;
      if (i === 0) exchange.review = review;
      else if (exchange.review) exchange.review.blocks.push(...review.blocks);
      exchange.action = mergeAction(exchange.action, review.action);
    }
    return raw;
  }

  /** Streaming: yields released text (prose at once, code blocks once reviewed), then the finish event. */
  async *stream(exchange: Exchange, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const upstream = this.requireUpstream();
    const holder = new CodeBlockHolder();
    const released: string[] = [];
    const reviews: AnswerReview[] = [];
    let answer = '';
    let finishReason: string | null = null;
    let usage: ChatUsage | undefined;
    const started = performance.now();
    const release = async function* (this: GuardPipeline, segments: ReturnType<CodeBlockHolder['push']>) {
      for (const segment of segments) {
        let text = segment.text;
        if (segment.kind === 'code') {
          const review = await this.review(exchange, text, signal);
          reviews.push(review);
          text = review.text;
        }
        released.push(text);
        if (text) yield { type: 'delta' as const, text };
      }
    }.bind(this);
    try {
      for await (const chunk of upstream.chatStream(exchange.upstreamRequest as never, { signal })) {
        const choice = (chunk.raw.choices as Array<{ index?: number; delta?: Record<string, unknown> }> | undefined)?.[0];
        if ((choice?.index ?? 0) !== 0) continue;
        const { content: _content, role: _role, ...other } = choice?.delta ?? {};
        if (Object.keys(other).length > 0) yield { type: 'other', delta: other };
        answer += chunk.delta;
        if (chunk.usage) usage = chunk.usage;
        if (chunk.finishReason) finishReason = chunk.finishReason;
        if (chunk.delta) yield* release(holder.push(chunk.delta));
      }
      yield* release(holder.end());
      // An answer that is code without any fence streamed through as prose: warn and show the fix after it.
      if (reviews.length === 0) {
        const late = await this.review(exchange, answer, signal);
        if (late.blocks.some((b) => b.findings.length > 0)) {
          reviews.push(late);
          const fixed = late.blocks.map((b) => b.code).join('\n\n');
          const note = `\n\n> codeward warning: the code above has security issues; a fixed version follows.\n\n\`\`\`${late.blocks[0].language}\n${fixed}\n\`\`\`\n`;
          released.push(note);
          yield { type: 'delta', text: note };
        }
      }
    } finally {
      exchange.stages.stream = performance.now() - started;
      exchange.answer = answer;
      exchange.finishReason = finishReason;
      const blocks = reviews.flatMap((r) => r.blocks);
      const action = reviews.reduce<Exchange['action']>((a, r) => mergeAction(a, r.action), 'passed');
      exchange.review = { text: released.join(''), blocks, action: action === 'blocked' ? 'passed' : action };
      exchange.action = mergeAction(exchange.action, action);
    }
    yield { type: 'finish', finishReason, usage };
  }

  /** Writes the exchange to the audit log; never throws (a failing disk must not fail the request). */
  record(exchange: Exchange): void {
    if (!this.deps.audit) return;
    try {
      this.deps.audit.record(auditRecordOf(exchange));
    } catch (err) {
      this.deps.onAuditError?.(err);
    }
  }
}

const RANK: Record<Exchange['action'], number> = { passed: 0, fixed: 1, refined: 2, blocked: 3 };

export function mergeAction(a: Exchange['action'], b: Exchange['action']): Exchange['action'] {
  return RANK[a] >= RANK[b] ? a : b;
}
