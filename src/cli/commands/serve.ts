// `codeward serve`: starts the HTTP server with every route family mounted.
import type { Command } from 'commander';
import { CodewardError } from '../../shared/errors.js';
import { buildServer } from '../../server/app.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the codeward HTTP server (gateway, moderation, scan/fix, sandbox, rewards).')
    .option('--host <host>', 'address to bind; loopback unless told otherwise', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .action(async (opts: { host: string; port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CodewardError('invalid_input', `--port must be an integer 0-65535, got "${opts.port}".`);
      }
      const app = await buildServer({ logger: true });
      const close = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ host: opts.host, port });
      // Keep the process alive until a signal arrives.
      await new Promise<never>(() => {});
    });
}
