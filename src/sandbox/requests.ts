// The request shapes of runCode and runTests, and their validation (bad input → invalid_input).
// Only the request is judged here; what the program does is the sandbox's business.
import { CodewardError } from '../shared/errors.js';
import { safeRelativePath } from './workdir.js';

export interface RunCodeRequest {
  language: string;
  code: string;
  stdin?: string;
  compileTimeoutMs?: number;
  runTimeoutMs?: number;
  memoryLimitMb?: number;
  /** Extra files for the working directory, base64 by relative path. */
  files?: Record<string, string>;
  /** Files to hand back (base64) after the run, by relative path. */
  fetchFiles?: string[];
}

export interface RunTestsRequest {
  language: string;
  code: string;
  /** Any accepted test format (see parseTestSpec); JSON strings are parsed. */
  tests: unknown;
  /** Limit per execution: one stdin case, or the whole in-process Python harness. Default 10 s. */
  timeoutMs?: number;
  memoryLimitMb?: number;
}

/** Largest program accepted, so a request cannot hand the sandbox gigabytes. */
export const MAX_CODE_BYTES = 4 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function validateRunCode(req: RunCodeRequest): void {
  if (!req || typeof req !== 'object') throw new CodewardError('invalid_input', 'runCode needs a request object.');
  if (typeof req.language !== 'string' || !req.language) throw new CodewardError('invalid_input', '`language` must be a non-empty string.');
  if (typeof req.code !== 'string') throw new CodewardError('invalid_input', '`code` must be a string.');
  if (Buffer.byteLength(req.code) > MAX_CODE_BYTES) throw new CodewardError('invalid_input', `\`code\` is larger than ${MAX_CODE_BYTES} bytes.`);
  if (req.stdin !== undefined && typeof req.stdin !== 'string') throw new CodewardError('invalid_input', '`stdin` must be a string.');
  for (const [path, content] of Object.entries(req.files ?? {})) {
    safeRelativePath(path);
    if (typeof content !== 'string' || !BASE64.test(content.replace(/\s/g, ''))) throw new CodewardError('invalid_input', `files["${path}"] must be base64 text.`);
  }
  for (const path of req.fetchFiles ?? []) safeRelativePath(path);
}
