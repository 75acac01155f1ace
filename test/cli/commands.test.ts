// The CLI loads only the command it runs; help and unknown commands still see every command.
import { describe, expect, it } from 'vitest';
import { commands, commandsFor } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'codeward', ...args];

describe('command loading', () => {
  it('loads just the command named, whatever its flags', () => {
    expect(commandsFor(argv('scan', 'src/', '--format', 'sarif'))).toEqual(['scan']);
    expect(commandsFor(argv('serve', '--port', '0'))).toEqual(['serve']);
    expect(commandsFor(argv('exec', '--help'))).toEqual(['exec']);
  });

  it('loads every command for help, version, no command, or one it does not know', () => {
    const all = Object.keys(commands);
    for (const args of [[], ['--help'], ['-V'], ['help', 'scan'], ['scna', 'x.py'], ['constructor'], ['__proto__']]) expect(commandsFor(argv(...args))).toEqual(all);
  });

  it('registers exactly the commands it loads', async () => {
    expect((await buildProgram(argv('fix', 'a.py'))).commands.map((c) => c.name())).toEqual(['fix']);
    expect((await buildProgram()).commands.map((c) => c.name())).toEqual(Object.keys(commands));
  });
});
