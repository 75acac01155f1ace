// Scans or fixes many files at once: reads them (files.ts), then runs each in the worker pool under a
// per-file deadline. Every file gets a result; problems are per-file errors, never exceptions.
import { loadSourceFiles, type SourceFile } from './files.js';
import type { FixResult } from './fix.js';
import { ScanPool, type ScanPoolOptions } from './scan-pool.js';
import type { ScanResult, Severity } from './types.js';

export interface FileScanResult extends ScanResult {
  path: string;
}

export interface FileFixResult extends FixResult {
  path: string;
  /** The file's text before fixing ('' when it could not be read). */
  original: string;
}

export interface FileJobOptions extends ScanPoolOptions {
  /** Overrides the language taken from each file's extension (needed for stdin). */
  language?: string;
  minSeverity?: Severity;
}

function unscanned(source: SourceFile): FileScanResult {
  return { path: source.path, language: source.language ?? 'unknown', findings: [], hasSyntaxErrors: false, durationMs: 0, error: source.error };
}

async function withPool<T>(options: FileJobOptions, jobs: number, work: (pool: ScanPool) => Promise<T>): Promise<T> {
  const pool = new ScanPool({ ...options, size: Math.min(options.size ?? 4, Math.max(jobs, 1)) });
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/** Scans already-read sources (files or stdin). */
export async function scanSources(sources: SourceFile[], options: FileJobOptions = {}): Promise<FileScanResult[]> {
  const readable = sources.filter((s) => s.text !== undefined && !s.error);
  return withPool(options, readable.length, (pool) =>
    Promise.all(
      sources.map(async (source): Promise<FileScanResult> => {
        if (source.text === undefined || source.error) return unscanned(source);
        const started = performance.now();
        const reply = await pool.run({ kind: 'scan', code: source.text, language: source.language!, minSeverity: options.minSeverity });
        if (reply.scan) return { path: source.path, ...reply.scan };
        return { ...unscanned(source), durationMs: performance.now() - started, error: reply.error };
      }),
    ),
  );
}

/** Fixes already-read sources; the caller decides whether to write, diff or print the result. */
export async function fixSources(sources: SourceFile[], options: FileJobOptions = {}): Promise<FileFixResult[]> {
  const readable = sources.filter((s) => s.text !== undefined && !s.error);
  return withPool(options, readable.length, (pool) =>
    Promise.all(
      sources.map(async (source): Promise<FileFixResult> => {
        const original = source.text ?? '';
        const base = { path: source.path, original, language: source.language ?? 'unknown', code: original, applied: [], remaining: [] };
        if (source.text === undefined || source.error) return { ...base, error: source.error };
        const reply = await pool.run({ kind: 'fix', code: source.text, language: source.language! });
        if (reply.fix) return { ...reply.fix, path: source.path, original };
        return { ...base, error: reply.error };
      }),
    ),
  );
}

export function scanFiles(paths: string[], options: FileJobOptions = {}): Promise<FileScanResult[]> {
  return scanSources(loadSourceFiles(paths, options.language), options);
}

export function fixFiles(paths: string[], options: FileJobOptions = {}): Promise<FileFixResult[]> {
  return fixSources(loadSourceFiles(paths, options.language), options);
}
