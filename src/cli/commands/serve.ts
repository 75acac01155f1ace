// `codeward serve`: loads the config (file, environment, flags), opens the audit log, builds the guard
// pipeline and starts the HTTP server. Runs with no config at all: bundled models, local SQLite file.
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { buildGuard } from '../../guard/index.js';
import { buildServer } from '../../server/app.js';
import { CodewardError } from '../../shared/errors.js';
import { AuditLog } from '../../store/index.js';

interface ServeFlags {
  config?: string;
  upstream?: string;
  host?: string;
  port?: string;
}

function portOverride(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CodewardError('invalid_input', `--port must be an integer 0-65535, got "${value}".`);
  }
  return port;
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
      const config = loadConfig({
        file: flags.config,
        overrides: { upstream: { baseUrl: flags.upstream }, server: { host: flags.host, port: portOverride(flags.port) } },
      });
      const audit = config.store.enabled
        ? new AuditLog(config.store.path, { retentionDays: config.store.retentionDays, storeContent: config.store.storeContent })
        : undefined;
      // The callback runs only after `server` exists (audit writes happen while serving).
      const guard = buildGuard(config, { audit, onAuditError: (err) => server.log.error({ err }, 'audit log write failed') });
      const server = await buildServer({ logger: true, bodyLimit: config.server.bodyLimitBytes, context: { config, audit, guard } });
      const close = async () => {
        await server.close();
        audit?.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      if (!config.upstream.baseUrl) server.log.warn('no upstream configured: /v1/chat/completions answers 503 until upstream.baseUrl (or --upstream) is set');
      await server.listen({ host: config.server.host, port: config.server.port });
      // Keep the process alive until a signal arrives.
      await new Promise<never>(() => {});
    });
}
