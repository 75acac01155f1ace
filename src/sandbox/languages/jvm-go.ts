// Java (javac + java, class named after the public class) and Go (go build), when installed.
// The JVM reserves large virtual ranges, so memory is bounded with -Xmx instead of an AS limit.
import { existsSync } from 'node:fs';
import type { LanguageSpec } from './types.js';

function javaClassName(code: string): string {
  return /public\s+(?:final\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(code)?.[1] ?? 'Main';
}

export const java: LanguageSpec = {
  id: 'java',
  aliases: [],
  sourceFile: (code) => `${javaClassName(code)}.java`,
  compile: (code) => ['/usr/bin/javac', '-J-Xmx512m', '-J-XX:+UseSerialGC', '-encoding', 'UTF-8', `${javaClassName(code)}.java`],
  run: (code, limits) => ['/usr/bin/java', `-Xmx${limits.memoryMb}m`, '-XX:+UseSerialGC', '-Xss64m', '-cp', '.', javaClassName(code)],
  addressSpaceMb: () => null,
  available: () => existsSync('/usr/bin/javac') && existsSync('/usr/bin/java'),
};

const GO_BIN = ['/usr/local/go/bin/go', '/usr/bin/go'].find((p) => existsSync(p)) ?? '/usr/bin/go';

export const go: LanguageSpec = {
  id: 'go',
  aliases: ['golang'],
  sourceFile: () => 'solution.go',
  compile: () => ['/usr/bin/env', 'GOCACHE=/tmp/go-cache', 'GOPATH=/tmp/go', 'GOFLAGS=-mod=mod', GO_BIN, 'build', '-o', 'solution', 'solution.go'],
  run: () => ['./solution'],
  addressSpaceMb: () => null,
  available: () => existsSync(GO_BIN),
};
