// POST /v1/moderations in OpenAI's response shape, scored by the sanitizer with an extra `cyber`
// category. Only cyber is assessed: the other OpenAI categories are present for client compatibility.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { classify, loadSanitizerModel, type SanitizerModel } from '../../guard/sanitizer/index.js';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../metrics.js';
import { openAIError, sendError } from '../errors.js';
import type { PluginOptions } from '../plugins.js';

const MAX_INPUTS = 2048;
const MODEL_NAME = 'codeward-sanitizer-1';

/** OpenAI's text categories; codeward reports them as not flagged (0) and adds `cyber`. */
const OPENAI_CATEGORIES = [
  'sexual', 'sexual/minors', 'harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent',
  'self-harm', 'self-harm/intent', 'self-harm/instructions', 'violence', 'violence/graphic',
] as const;

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const otherPart = z.object({ type: z.string() }).passthrough();
const moderationBody = z.object({
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(MAX_INPUTS),
    z.array(z.union([textPart, otherPart])).min(1).max(MAX_INPUTS),
  ]),
  model: z.string().optional(),
});

const moderationsFlagged = new Counter({
  name: 'codeward_moderation_inputs_total',
  help: 'Inputs scored by POST /v1/moderations, by cyber verdict.',
  labelNames: ['flagged'] as const,
  registers: [metricsRegistry],
});

function inputTexts(input: z.infer<typeof moderationBody>['input']): string[] {
  if (typeof input === 'string') return [input];
  // An array of parts (omni-moderation style) is one input; image parts carry no text to score.
  if (input.every((item) => typeof item === 'string')) return input as string[];
  return [(input as { type: string; text?: unknown }[]).map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('\n')];
}

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0];
  const param = issue?.path.length ? issue.path.join('.') : null;
  const message = `Send {"input": "text"} or {"input": ["text", ...]} (at most ${MAX_INPUTS} items). Problem: ${issue ? `${param ?? 'body'}: ${issue.message}` : 'invalid body'}.`;
  return reply.code(400).send(openAIError(message, 400, 'invalid_request', param));
}

const moderationPlugin: FastifyPluginAsync<PluginOptions> = async (app, options) => {
  // Same model and threshold as the gateway: context.sanitizerModel (tests), else config.sanitizer.
  const contextModel = options.context.sanitizerModel as SanitizerModel | undefined;
  const sanitizerConfig = options.context.config?.sanitizer;
  const threshold = sanitizerConfig?.threshold;

  app.post('/v1/moderations', async (request, reply) => {
    const parsed = moderationBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    let model: SanitizerModel;
    try {
      model = contextModel ?? loadSanitizerModel(sanitizerConfig?.modelPath);
    } catch (err) {
      return sendError(reply, err);
    }
    const results = inputTexts(parsed.data.input).map((text) => {
      const verdict = classify(text, { model, threshold });
      moderationsFlagged.inc({ flagged: String(verdict.flagged) });
      const categories: Record<string, boolean> = {};
      const scores: Record<string, number> = {};
      for (const name of OPENAI_CATEGORIES) {
        categories[name] = false;
        scores[name] = 0;
      }
      categories.cyber = verdict.flagged;
      scores.cyber = verdict.score;
      return { flagged: verdict.flagged, categories, category_scores: scores };
    });
    return { id: `modr-${randomUUID().replace(/-/g, '')}`, model: MODEL_NAME, results };
  });
};

export default moderationPlugin;
