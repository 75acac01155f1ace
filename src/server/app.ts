// Builds the one codeward HTTP server: every route family is a fastify plugin registered here.
// Options are plain values so tests can build an app with `buildServer()` and use `app.inject()`.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { fastifyErrorHandler, openAIError } from './errors.js';
import { serverPlugins, type ServerContext } from './plugins.js';

export interface ServerOptions {
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  logger?: boolean;
  /** Shared state handed to every plugin (config, pools, models). */
  context?: Partial<ServerContext>;
}

export async function buildServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    logger: options.logger ?? false,
    // Per-request log lines would dominate the log at RL and gateway request rates; metrics cover them.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler(fastifyErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(openAIError(`No route for ${request.method} ${request.url}.`, 404, 'not_found'));
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  for (const plugin of serverPlugins) {
    await app.register(plugin, { context: options.context ?? {} });
  }
  return app;
}
