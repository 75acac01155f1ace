// Python 3 (the system interpreter, not a user's pyenv): the fork server's language and the
// language of every Python test format. -E -s keep host variables and user site-packages out.
import { existsSync } from 'node:fs';
import type { LanguageSpec } from './types.js';

export const PYTHON_BIN = '/usr/bin/python3';

export const python: LanguageSpec = {
  id: 'python',
  aliases: ['python3', 'py', 'py3'],
  sourceFile: () => 'solution.py',
  run: () => [PYTHON_BIN, '-E', '-s', '-B', 'solution.py'],
  addressSpaceMb: (memoryMb) => memoryMb,
  available: () => existsSync(PYTHON_BIN),
};
