// Bash scripts run by /bin/bash inside the sandbox.
// A syntax error surfaces as a runtime error: bash parses as it goes.
import { existsSync } from 'node:fs';
import type { LanguageSpec } from './types.js';

export const bash: LanguageSpec = {
  id: 'bash',
  aliases: ['sh', 'shell'],
  sourceFile: () => 'solution.sh',
  run: () => ['/bin/bash', 'solution.sh'],
  addressSpaceMb: (memoryMb) => memoryMb,
  available: () => existsSync('/bin/bash'),
};
