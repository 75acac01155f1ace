// The guarded OpenAI-compatible surface: POST /v1/chat/completions (JSON and SSE) through the guard
// pipeline, and GET /v1/models passed through. Every chat answer carries x-codeward-action.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CodewardError } from '../../shared/errors.js';
import { UpstreamError } from '../../llm/index.js';
import { createExchange, UPSTREAM_NOT_CONFIGURED, type Exchange, type GuardPipeline } from '../../guard/index.js';
import { Counter, Histogram } from 'prom-client';
import { openAIError, sendError } from '../errors.js';
import { metricsRegistry } from '../metrics.js';
import type { PluginOptions } from '../plugins.js';
import { blockedCompletion, sendStream } from './openai-stream.js';

// `content` is checked in checkContent: the schema validator's type coercion would turn 42 into "42".
const messageSchema = {
  type: 'object',
  required: ['role'],
  properties: { role: { type: 'string', minLength: 1 }, content: { description: 'string, null or an array of content parts' } },
} as const;

function checkContent(messages: Array<{ content?: unknown }>): void {
  messages.forEach((message, i) => {
    const { content } = message;
    const ok =
      content === undefined ||
      content === null ||
      typeof content === 'string' ||
      (Array.isArray(content) && content.every((part) => part !== null && typeof part === 'object' && !Array.isArray(part)));
    if (!ok) {
      throw new CodewardError('invalid_input', `messages[${i}].content must be a string, null or an array of content parts.`, 'Send OpenAI chat messages.');
    }
  });
}

export const chatBodySchema = {
  type: 'object',
  required: ['messages'],
  properties: {
    model: { type: 'string' },
    messages: { type: 'array', minItems: 1, items: messageSchema },
    stream: { type: 'boolean' },
    codeward: {
      type: 'object',
      description: 'codeward extension, never forwarded: tests the refined code must keep passing.',
      properties: { tests: {}, language: { type: 'string' } },
    },
  },
} as const;

export const guardActions = new Counter({
  name: 'codeward_guard_actions_total',
  help: 'Guarded exchanges by endpoint and outcome (passed, blocked, refined, fixed, error).',
  labelNames: ['endpoint', 'action', 'blocked_by'] as const,
  registers: [metricsRegistry],
});

export const guardStageSeconds = new Histogram({
  name: 'codeward_guard_stage_seconds',
  help: 'Time spent per guard stage (sanitizer, moderator, upstream, review, stream).',
  labelNames: ['stage'] as const,
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5, 30],
  registers: [metricsRegistry],
});

/** Counts the exchange and its stage timings, then writes it to the audit log. */
export function finishExchange(guard: GuardPipeline, exchange: Exchange): void {
  guardActions.inc({ endpoint: exchange.endpoint, action: exchange.error ? 'error' : exchange.action, blocked_by: exchange.blocked?.by ?? '' });
  for (const [stage, ms] of Object.entries(exchange.stages)) guardStageSeconds.observe({ stage }, ms / 1000);
  guard.record(exchange);
}

/** An upstream failure as the client should see it: client mistakes keep their 4xx status. */
export function sendUpstreamError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof UpstreamError && err.status !== undefined && err.status >= 400 && err.status < 500) {
    return reply.code(err.status).send(openAIError(err.message, err.status, err.upstreamCode ?? 'upstream_error'));
  }
  return sendError(reply, err);
}

function abortOnDisconnect(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller;
}

function sendBlocked(reply: FastifyReply, guard: GuardPipeline, exchange: Exchange): FastifyReply | Promise<void> {
  const refusal = exchange.blocked!.refusal;
  void reply.header('x-codeward-action', 'blocked');
  if (guard.config.response.blocked === 'error') {
    return reply.code(400).send(openAIError(refusal, 400, 'content_filter', 'messages'));
  }
  if (exchange.stream) return sendStream(reply, exchange, (async function* () {
    yield { type: 'refusal' as const, text: refusal };
    yield { type: 'finish' as const, finishReason: 'content_filter' };
  })());
  return reply.send(blockedCompletion(exchange, refusal));
}

const openaiPlugin: FastifyPluginAsync<PluginOptions> = async (app, { context }) => {
  const guard = context.guard;

  app.post('/v1/chat/completions', { schema: { body: chatBodySchema } }, async (request: FastifyRequest, reply) => {
    if (!guard?.upstream) return sendError(reply, new CodewardError('not_configured', UPSTREAM_NOT_CONFIGURED));
    const body = request.body as { messages: Array<{ content?: unknown }>; stream?: boolean; n?: unknown };
    try {
      checkContent(body.messages);
    } catch (err) {
      return sendError(reply, err, 'messages');
    }
    // Held code is reviewed per answer; interleaved choices would need one holder each.
    if (body.stream === true && typeof body.n === 'number' && body.n > 1) {
      return sendError(reply, new CodewardError('invalid_input', 'codeward streams one choice at a time; send n: 1, or stream: false for several choices.'), 'n');
    }
    const exchange = createExchange(request.body as Record<string, unknown>, { client: request.codewardClient });
    const { signal } = abortOnDisconnect(reply);
    try {
      await guard.screen(exchange, signal);
      if (exchange.blocked) return await sendBlocked(reply, guard, exchange);
      if (exchange.stream) return await sendStream(reply, exchange, guard.stream(exchange, signal));
      const body = await guard.complete(exchange, signal);
      return reply.header('x-codeward-action', exchange.action).send(body);
    } catch (err) {
      exchange.error = err instanceof Error ? err.message : String(err);
      if (reply.sent || reply.raw.headersSent) return reply;
      return sendUpstreamError(reply, err);
    } finally {
      finishExchange(guard, exchange);
    }
  });

  app.get('/v1/models', async (_request, reply) => {
    if (!guard?.upstream) return sendError(reply, new CodewardError('not_configured', UPSTREAM_NOT_CONFIGURED));
    try {
      return reply.header('x-codeward-action', 'passed').send(await guard.upstream.getJson('/models'));
    } catch (err) {
      return sendUpstreamError(reply, err);
    }
  });
};

export default openaiPlugin;
