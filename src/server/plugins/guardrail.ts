// LiteLLM's Generic Guardrail API (POST /beta/litellm_basic_guardrail_api), so LiteLLM proxies can
// use codeward with config only: requests are screened (BLOCKED|NONE), responses get their code
// fixed (GUARDRAIL_INTERVENED with the rewritten texts) or pass (NONE).
import type { FastifyPluginAsync } from 'fastify';
import { createExchange, mergeAction } from '../../guard/index.js';
import { CodewardError, errorMessage } from '../../shared/errors.js';
import { sendError } from '../errors.js';
import type { PluginOptions } from '../plugins.js';
import { finishExchange } from './openai.js';

const guardrailBodySchema = {
  type: 'object',
  required: ['texts'],
  properties: {
    texts: { type: 'array', items: { type: 'string' } },
    images: { type: 'array' },
    tools: { type: 'array' },
    request_data: { type: 'object' },
    input_type: { type: 'string', enum: ['request', 'response'] },
    litellm_call_id: { type: ['string', 'null'] },
    litellm_trace_id: { type: ['string', 'null'] },
    additional_provider_specific_params: { type: 'object' },
  },
} as const;

interface GuardrailBody {
  texts: string[];
  input_type?: 'request' | 'response';
  litellm_call_id?: string | null;
}

const guardrailPlugin: FastifyPluginAsync<PluginOptions> = async (app, { context }) => {
  const guard = context.guard;
  app.post('/beta/litellm_basic_guardrail_api', { schema: { body: guardrailBodySchema } }, async (request, reply) => {
    if (!guard) return sendError(reply, new CodewardError('not_configured', 'The guard pipeline is not configured on this server.'));
    const body = request.body as GuardrailBody;
    const exchange = createExchange({ messages: body.texts.map((content) => ({ role: 'user', content })) }, { endpoint: 'guardrail', client: request.codewardClient });
    const inputType = body.input_type ?? 'request';
    // LiteLLM reuses one call id for the request and the response check: both rows are kept.
    if (body.litellm_call_id) exchange.id = `guardrail-${body.litellm_call_id}-${inputType}`;
    try {
      if (inputType === 'request') {
        await guard.screen(exchange);
        void reply.header('x-codeward-action', exchange.action);
        return exchange.blocked ? { action: 'BLOCKED', blocked_reason: exchange.blocked.refusal } : { action: 'NONE' };
      }
      exchange.messages = [];
      const texts: string[] = [];
      for (const text of body.texts) {
        const review = await guard.review(exchange, text);
        texts.push(review.text);
        exchange.review = { text: texts.join('\n'), blocks: [...(exchange.review?.blocks ?? []), ...review.blocks], action: review.action };
        exchange.action = mergeAction(exchange.action, review.action);
      }
      void reply.header('x-codeward-action', exchange.action);
      const changed = texts.some((t, i) => t !== body.texts[i]);
      return changed ? { action: 'GUARDRAIL_INTERVENED', texts } : { action: 'NONE' };
    } catch (err) {
      exchange.error = errorMessage(err);
      return sendError(reply, err);
    } finally {
      finishExchange(guard, exchange);
    }
  });
};

export default guardrailPlugin;
