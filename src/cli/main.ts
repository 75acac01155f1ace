// The codeward command line: parses flags with commander and dispatches to one file per command.
// Returns an exit code instead of calling process.exit, so commands are testable in-process.
import { Command, CommanderError } from 'commander';
import { CodewardError } from '../shared/errors.js';
import { commands, commandsFor } from './commands/index.js';

/** The program with the commands `argv` needs (all of them by default). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('codeward')
    .description('Keep code-generating LLMs secure and useful: scan, fix, sandbox, sanitize, reward, guard.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  for (const name of commandsFor(argv)) (await commands[name]())(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CodewardError) {
      process.stderr.write(`codeward: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`codeward: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
