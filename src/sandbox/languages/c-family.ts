// C (gcc) and C++ (g++): compiled inside the sandbox in their own step (own timeout and status),
// then run as ./solution under the address-space limit.
import { existsSync } from 'node:fs';
import type { LanguageSpec } from './types.js';

export const c: LanguageSpec = {
  id: 'c',
  aliases: ['gcc'],
  sourceFile: () => 'solution.c',
  compile: () => ['/usr/bin/gcc', '-O2', '-std=gnu17', '-o', 'solution', 'solution.c', '-lm'],
  run: () => ['./solution'],
  addressSpaceMb: (memoryMb) => memoryMb,
  available: () => existsSync('/usr/bin/gcc'),
};

export const cpp: LanguageSpec = {
  id: 'cpp',
  aliases: ['c++', 'g++', 'cxx'],
  sourceFile: () => 'solution.cpp',
  compile: () => ['/usr/bin/g++', '-O2', '-std=gnu++17', '-o', 'solution', 'solution.cpp'],
  run: () => ['./solution'],
  addressSpaceMb: (memoryMb) => memoryMb,
  available: () => existsSync('/usr/bin/g++'),
};
