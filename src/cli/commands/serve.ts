// `codeward serve`: loads the config (file, environment, flags), opens the audit log, builds the guard
// pipeline and starts the HTTP server. Runs with no config at all: bundled models, local SQLite file.
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type CodewardConfig } from '../../config/index.js';
import { buildGuard } from '../../guard/index.js';
import { buildServer } from '../../server/app.js';
import { CodewardError } from '../../shared/errors.js';
import { AuditLog } from '../../store/index.js';

export interface ServeFlags {
  config?: string;
  upstream?: string;
  host?: string;
  port?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  config: CodewardConfig;
  /** The address actually bound, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

function portOverride(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CodewardError('invalid_input', `--port must be an integer 0-65535, got "${value}".`);
  }
  return port;
}

/** Everything `codeward serve` does short of waiting for a signal; used by the command and its tests. */
export async function startServer(flags: ServeFlags, options: { env?: NodeJS.ProcessEnv; logger?: boolean } = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = loadConfig({
    file: flags.config,
    env,
    overrides: { upstream: { baseUrl: flags.upstream }, server: { host: flags.host, port: portOverride(flags.port) } },
  });
  const audit = config.store.enabled
    ? new AuditLog(config.store.path, { retentionDays: config.store.retentionDays, storeContent: config.store.storeContent })
    : undefined;
  // The callback runs only after `app` exists (audit writes happen while serving).
  const guard = buildGuard(config, { audit, env, onAuditError: (err) => app.log.error({ err }, 'audit log write failed') });
  await guard.warmUp();
  const app = await buildServer({ logger: options.logger ?? true, bodyLimit: config.server.bodyLimitBytes, context: { config, audit, guard } });
  if (!config.upstream.baseUrl) app.log.warn('no upstream configured: /v1/chat/completions answers 503 until upstream.baseUrl (or --upstream) is set');
  const url = await app.listen({ host: config.server.host, port: config.server.port });
  return {
    app,
    config,
    url,
    close: async () => {
      await app.close();
      audit?.close();
    },
  };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the codeward HTTP server (guarded chat gateway, moderation, scan/fix, sandbox, rewards).')
    .option('--config <file>', 'YAML config file (default: $CODEWARD_CONFIG, else built-in defaults)')
    .option('--upstream <url>', 'OpenAI-compatible upstream base URL, e.g. http://127.0.0.1:11434/v1')
    .option('--host <host>', 'address to bind (default 127.0.0.1: loopback unless told otherwise)')
    .option('--port <port>', 'port to listen on (default 8080)')
    .action(async (flags: ServeFlags) => {
      const running = await startServer(flags);
      const close = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      // Keep the process alive until a signal arrives.
      await new Promise<never>(() => {});
    });
}
