// The one OpenAI-compatible HTTP client: timeouts, retries with backoff on 429/5xx/connection errors,
// SSE streaming, JSON verdicts validated by zod, and an optional content-hash cache. No other module
// talks HTTP to a model. Streams are retried only before their first byte; timeouts are not retried.
import type { z } from 'zod';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { cacheKey, type LlmCache } from './cache.js';
import { UpstreamError, upstreamErrorDetail } from './errors.js';
import { parseLooseJson } from './json-verdict.js';
import { sseData } from './sse.js';
import { httpRequest, type HttpResponse } from './transport.js';
import type { ChatRequest, ChatResult, ChatStreamChunk, ChatUsage } from './types.js';

export interface LlmClientOptions {
  /** OpenAI-compatible base URL including the version prefix, e.g. http://127.0.0.1:11434/v1 */
  baseUrl: string;
  apiKey?: string;
  /** Default model; a request's own `model` wins. */
  model: string;
  /** Per attempt: until the full answer (non-streaming) or between stream chunks. Default 60 s. */
  timeoutMs?: number;
  /** Extra attempts after the first on 429/5xx/connection errors. Default 2. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry with jitter, capped at 8 s. Default 250 ms. */
  retryBaseMs?: number;
  cache?: LlmCache;
  headers?: Record<string, string>;
}

export interface CallOptions {
  /** Aborts the call (e.g. the downstream client went away). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 408 || status >= 500;
const MAX_BACKOFF_MS = 8000;
const TIMEOUT = Symbol('timeout');

/** An abort controller whose timer can be re-armed (between stream chunks) and linked to a caller signal. */
class Deadline {
  readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private readonly unlink?: () => void;

  constructor(
    private readonly ms: number,
    signal?: AbortSignal,
  ) {
    if (signal) {
      const onAbort = () => this.controller.abort(signal.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.unlink = () => signal.removeEventListener('abort', onAbort);
    }
    this.arm();
  }

  get timedOut(): boolean {
    return this.controller.signal.reason === TIMEOUT;
  }

  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(TIMEOUT), this.ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink?.();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function parseUsage(value: unknown): ChatUsage | undefined {
  return value && typeof value === 'object' ? (value as ChatUsage) : undefined;
}

export class LlmClient {
  readonly baseUrl: string;
  readonly model: string;
  private readonly options: LlmClientOptions;

  constructor(options: LlmClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new CodewardError('invalid_input', `Upstream base URL "${options.baseUrl}" is not a URL.`, 'Use e.g. http://127.0.0.1:11434/v1.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CodewardError('invalid_input', `Upstream base URL must be http(s), got "${options.baseUrl}".`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.model = options.model;
    this.options = options;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private backoffMs(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_BACKOFF_MS);
    const base = (this.options.retryBaseMs ?? 250) * 2 ** attempt;
    return Math.min(base * (0.5 + Math.random() / 2), MAX_BACKOFF_MS);
  }

  /**
   * Sends one request with retries; returns the OK response with its deadline still armed so the
   * caller can read the body under the same timeout (and re-arm it per stream chunk).
   */
  private async send(method: 'GET' | 'POST', path: string, body: unknown, call: CallOptions): Promise<{ response: HttpResponse; deadline: Deadline }> {
    const maxRetries = this.options.maxRetries ?? 2;
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      const deadline = new Deadline(timeoutMs, call.signal);
      let response: HttpResponse;
      try {
        response = await httpRequest(url, {
          method,
          headers: this.headers(),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: deadline.controller.signal,
        });
      } catch (err) {
        const timedOut = deadline.timedOut;
        deadline.dispose();
        if (timedOut) throw new UpstreamError('upstream_timeout', `Upstream ${url} did not answer within ${timeoutMs} ms.`);
        if (call.signal?.aborted) throw new UpstreamError('upstream_error', 'Upstream call cancelled by the caller.');
        if (attempt < maxRetries) {
          await sleep(this.backoffMs(attempt, null), call.signal);
          continue;
        }
        throw new UpstreamError('upstream_error', `Cannot reach upstream ${url}: ${causeMessage(err)}. Check that the upstream is running and the base URL is right.`);
      }
      if (response.ok) return { response, deadline };
      const text = await response.text().catch(() => '');
      deadline.dispose();
      if (RETRYABLE_STATUS(response.status) && attempt < maxRetries) {
        await sleep(this.backoffMs(attempt, response.header('retry-after') ?? null), call.signal);
        continue;
      }
      const detail = upstreamErrorDetail(text);
      throw new UpstreamError('upstream_error', `Upstream answered HTTP ${response.status}: ${detail.message}`, response.status, detail.code);
    }
  }

  private requestBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { ...request, model: request.model ?? this.model };
    if (stream) body.stream = true;
    else delete body.stream;
    return body;
  }

  /** A non-streaming completion. Throws UpstreamError (upstream_error | upstream_timeout). */
  async chat(request: ChatRequest, call: CallOptions = {}): Promise<ChatResult> {
    const body = this.requestBody(request, false);
    const key = this.options.cache ? cacheKey(this.baseUrl, body) : undefined;
    if (key) {
      const hit = this.options.cache!.get(key);
      if (hit) return hit;
    }
    const maxRetries = this.options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const { response, deadline } = await this.send('POST', '/chat/completions', body, call);
      let raw: Record<string, unknown>;
      try {
        raw = (await response.json()) as Record<string, unknown>;
      } catch (err) {
        const timedOut = deadline.timedOut;
        if (timedOut) throw new UpstreamError('upstream_timeout', `Upstream answer did not finish within ${call.timeoutMs ?? this.options.timeoutMs ?? 60_000} ms.`);
        // A body cut off mid-way is a connection error (retryable); unparseable JSON is not.
        if (err instanceof SyntaxError || attempt >= maxRetries) {
          throw new UpstreamError('upstream_error', `Upstream sent an unreadable answer: ${causeMessage(err)}.`);
        }
        continue;
      } finally {
        deadline.dispose();
      }
      const result = chatResultFrom(raw);
      if (key) this.options.cache!.set(key, result);
      return result;
    }
  }

  /** A streaming completion as parsed chunks; throws UpstreamError on faults, including mid-stream. */
  async *chatStream(request: ChatRequest, call: CallOptions = {}): AsyncGenerator<ChatStreamChunk> {
    const { response, deadline } = await this.send('POST', '/chat/completions', this.requestBody(request, true), call);
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    let finished = false;
    try {
      for await (const data of sseData(response.body)) {
        deadline.arm();
        if (data.trim() === '[DONE]') {
          finished = true;
          break;
        }
        const chunk = parseChunk(data);
        if (chunk.finishReason) finished = true;
        yield chunk;
      }
    } catch (err) {
      if (err instanceof UpstreamError) throw err;
      if (deadline.timedOut) throw new UpstreamError('upstream_timeout', `Upstream stream stalled for more than ${timeoutMs} ms.`);
      throw new UpstreamError('upstream_error', `Upstream stream broke off: ${causeMessage(err)}.`);
    } finally {
      deadline.dispose();
      // A consumer that stopped early leaves the body unread: drop it with its connection.
      if (!finished) response.cancel();
    }
    if (!finished) throw new UpstreamError('upstream_error', 'Upstream stream ended before the answer finished (no finish_reason or [DONE]).');
  }

  /**
   * A completion whose answer must be one JSON object matching `schema`. Tolerates fences, prose and
   * trailing commas; asks once more (without the cache) when the first answer has no valid object.
   */
  async chatJson<T>(request: ChatRequest, schema: z.ZodType<T>, call: CallOptions = {}): Promise<T> {
    const first = await this.chat({ temperature: 0, ...request }, call);
    const parsed = schema.safeParse(parseLooseJson(first.content));
    if (parsed.success) return parsed.data;
    const retry = await this.chat(
      {
        temperature: 0,
        ...request,
        messages: [
          ...request.messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: 'Reply again with only the JSON object described above, no prose and no code fence.' },
        ],
      },
      call,
    );
    const second = schema.safeParse(parseLooseJson(retry.content));
    if (second.success) return second.data;
    throw new UpstreamError('upstream_error', `Model answer is not the expected JSON verdict: ${second.error.issues[0]?.message ?? 'no JSON object found'}.`);
  }

  /** GET on the upstream (e.g. /models), returning its JSON body. */
  async getJson(path: string, call: CallOptions = {}): Promise<Record<string, unknown>> {
    const { response, deadline } = await this.send('GET', path, undefined, call);
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch (err) {
      throw new UpstreamError('upstream_error', `Upstream sent unreadable JSON for ${path}: ${causeMessage(err)}.`);
    } finally {
      deadline.dispose();
    }
  }
}

function causeMessage(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  return cause ? `${errorMessage(err)} (${errorMessage(cause)})` : errorMessage(err);
}

export function chatResultFrom(raw: Record<string, unknown>): ChatResult {
  const choices = raw.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    const detail = raw.error ? `: ${upstreamErrorDetail(JSON.stringify(raw)).message}` : '';
    throw new UpstreamError('upstream_error', `Upstream answer has no choices${detail}.`);
  }
  const choice = choices[0] as { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown };
  const content = choice.message?.content;
  return {
    content: typeof content === 'string' ? content : '',
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage: parseUsage(raw.usage),
    raw,
  };
}

function parseChunk(data: string): ChatStreamChunk {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(data) as Record<string, unknown>;
  } catch {
    throw new UpstreamError('upstream_error', `Upstream sent a malformed stream chunk: ${data.slice(0, 120)}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UpstreamError('upstream_error', `Upstream sent a stream chunk that is not an object: ${data.slice(0, 120)}`);
  }
  if (raw.error) {
    const detail = upstreamErrorDetail(data);
    throw new UpstreamError('upstream_error', `Upstream reported an error mid-stream: ${detail.message}`, undefined, detail.code);
  }
  const choice = (Array.isArray(raw.choices) ? raw.choices[0] : undefined) as { delta?: { content?: unknown }; finish_reason?: unknown } | undefined;
  const delta = choice?.delta?.content;
  return {
    delta: typeof delta === 'string' ? delta : '',
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    usage: parseUsage(raw.usage),
    raw,
  };
}
