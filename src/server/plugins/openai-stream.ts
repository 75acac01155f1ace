// SSE output of guarded chat completions in OpenAI's chunk format. Headers wait for the first event,
// so a failure before any output is still a proper JSON error; later failures become an error event.
import type { FastifyReply } from 'fastify';
import type { Exchange, StreamEvent } from '../../guard/index.js';
import { UpstreamError } from '../../llm/index.js';
import { CodewardError, errorMessage } from '../../shared/errors.js';
import { openAIError, statusForCode } from '../errors.js';

type OutEvent = StreamEvent | { type: 'refusal'; text: string };

function created(exchange: Exchange): number {
  return Math.floor(exchange.createdAt / 1000);
}

export function blockedCompletion(exchange: Exchange, refusal: string): Record<string, unknown> {
  return {
    id: exchange.id,
    object: 'chat.completion',
    created: created(exchange),
    model: exchange.model ?? 'codeward',
    choices: [{ index: 0, message: { role: 'assistant', content: refusal, refusal }, logprobs: null, finish_reason: 'content_filter' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function chunk(exchange: Exchange, delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}): string {
  const body = {
    id: exchange.id,
    object: 'chat.completion.chunk',
    created: created(exchange),
    model: exchange.model ?? 'codeward',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function errorEvent(err: unknown): string {
  const code = err instanceof CodewardError ? err.code : 'internal_error';
  const status = err instanceof CodewardError ? statusForCode(err.code) : 500;
  return `data: ${JSON.stringify(openAIError(errorMessage(err), status, code))}\n\n`;
}

/** Streams events as SSE; throws (before headers are sent) when the first event already fails. */
export async function sendStream(reply: FastifyReply, exchange: Exchange, events: AsyncIterable<OutEvent>): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    // Known before any output: the request passed (or was blocked at) input screening. The final
    // action (e.g. fixed) arrives in the trailer and in the last chunk's `codeward` field.
    'x-codeward-action': exchange.action,
    trailer: 'x-codeward-action',
  });
  res.write(chunk(exchange, { role: 'assistant', content: '' }, null));
  let result = first;
  try {
    while (!result.done) {
      const event = result.value;
      if (event.type === 'delta') res.write(chunk(exchange, { content: event.text }, null));
      else if (event.type === 'other') res.write(chunk(exchange, event.delta, null));
      else if (event.type === 'refusal') res.write(chunk(exchange, { content: event.text, refusal: event.text }, null));
      else {
        const extra: Record<string, unknown> = { codeward: { action: exchange.action } };
        if ('usage' in event && event.usage) extra.usage = event.usage;
        res.write(chunk(exchange, {}, event.finishReason ?? 'stop', extra));
      }
      result = await iterator.next();
    }
    res.write('data: [DONE]\n\n');
  } catch (err) {
    exchange.error = errorMessage(err);
    if (!res.destroyed) res.write(errorEvent(err instanceof Error ? err : new UpstreamError('upstream_error', String(err))));
  } finally {
    if (!res.destroyed) {
      res.addTrailers({ 'x-codeward-action': exchange.action });
      res.end();
    }
  }
}
