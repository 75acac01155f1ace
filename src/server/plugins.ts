// The list of route-family plugins mounted by buildServer. Each capability adds one line here.
import type { FastifyPluginAsync } from 'fastify';
import metricsPlugin from './plugins/metrics.js';

/** Shared state a plugin may use; each capability adds its own optional field. */
export interface ServerContext {
  [key: string]: unknown;
}

export interface PluginOptions {
  context: Partial<ServerContext>;
}

export const serverPlugins: FastifyPluginAsync<PluginOptions>[] = [metricsPlugin];
