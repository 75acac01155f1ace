// The list of route-family plugins mounted by buildServer. Each capability adds one line here.
import type { FastifyPluginAsync } from 'fastify';
import type { CodewardConfig } from '../config/index.js';
import type { GuardPipeline } from '../guard/index.js';
import type { AuditLog } from '../store/index.js';
import authPlugin from './plugins/auth.js';
import codePlugin from './plugins/code.js';
import guardrailPlugin from './plugins/guardrail.js';
import openaiPlugin from './plugins/openai.js';
import metricsPlugin from './plugins/metrics.js';
import moderationPlugin from './plugins/moderation.js';
import rewardPlugin from './plugins/reward.js';
import sandboxPlugin from './plugins/sandbox.js';

/** Shared state a plugin may use; each capability adds its own optional field. */
export interface ServerContext {
  [key: string]: unknown;
  /** The validated config (`codeward serve`); without it auth and rate limits are off. */
  config?: CodewardConfig;
  /** The guard pipeline behind /v1/chat/completions and the guardrail API. */
  guard?: GuardPipeline;
  audit?: AuditLog;
}

export interface PluginOptions {
  context: Partial<ServerContext>;
}

export const serverPlugins: FastifyPluginAsync<PluginOptions>[] = [authPlugin, metricsPlugin, codePlugin, openaiPlugin, guardrailPlugin, moderationPlugin, rewardPlugin, sandboxPlugin];
