// RewardScorer: one configured reward pipeline (config, tokenizer, sandbox with a test-report cache,
// judges) that scores single samples or batches; batches also get Kimi's group-relative length term.
import { ScanPool } from '../analysis/scan-pool.js';
import type { ScanResult } from '../analysis/types.js';
import type { TestReport } from '../sandbox/results.js';
import { applyKimiLength, finalizeSample, measureSample, type MeasuredSample, type ScoredSample } from './compose.js';
import type { RewardConfig } from './config.js';
import { LlmJudgeRunner } from './judges/llm-judges.js';
import { contentHash, LruCache } from './lru.js';
import { tokenCounter } from './tokens.js';
import type { JudgeRunner, RewardContext, RewardSample, TestRunner } from './types.js';

export interface RewardScorerOptions {
  config: RewardConfig;
  /** The sandbox; omit to score without functional rewards (they are then reported unavailable). */
  sandbox?: TestRunner;
  /** Overrides the judges built from config.judges (tests inject their own). */
  judges?: JudgeRunner;
  /**
   * Worker threads for the detector (a server must not run CPU-bound scans on its event loop);
   * 0 or absent scans in-thread. The scorer owns the pool: call close().
   */
  scanWorkers?: number;
  /** Per-block deadline for the detector in the workers. */
  scanTimeoutMs?: number;
}

/** Identical programs with identical tests (common inside a GRPO group) run once. */
export class CachedTestRunner implements TestRunner {
  private readonly reports: LruCache<Promise<TestReport>>;

  constructor(private readonly inner: TestRunner, capacity: number) {
    this.reports = new LruCache(capacity);
  }

  get stats(): { hits: number; misses: number } {
    return { hits: this.reports.hits, misses: this.reports.misses };
  }

  runTests(request: Parameters<TestRunner['runTests']>[0]): Promise<TestReport> {
    const key = contentHash(request.language, request.code, request.tests, request.timeoutMs ?? 0);
    const cached = this.reports.get(key);
    if (cached) return cached;
    const pending = this.inner.runTests(request);
    this.reports.set(key, pending);
    // Infrastructure failures must not stick: only completed reports stay cached.
    pending.then((report) => report.status === 'sandbox_error' && this.reports.delete(key), () => this.reports.delete(key));
    return pending;
  }
}

function failedScan(language: string, error: { code: string; message: string }): ScanResult {
  return { language, findings: [], durationMs: 0, error };
}

export interface BatchOptions {
  /** Samples measured at once; default all of them. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export class RewardScorer {
  readonly ctx: RewardContext;
  readonly testCache?: CachedTestRunner;
  private readonly scanPool?: ScanPool;

  constructor(options: RewardScorerOptions) {
    const { config } = options;
    let sandbox = options.sandbox;
    if (sandbox && config.functional.cacheSize > 0) {
      this.testCache = new CachedTestRunner(sandbox, config.functional.cacheSize);
      sandbox = this.testCache;
    }
    const judges = options.judges ?? (config.judges.baseUrl ? new LlmJudgeRunner({ ...config.judges, baseUrl: config.judges.baseUrl }) : undefined);
    this.ctx = { config, tokens: tokenCounter(config.length.tokenizer), sandbox, judges };
    if (options.scanWorkers && options.scanWorkers > 0) {
      const pool = new ScanPool({ size: options.scanWorkers, timeoutMs: options.scanTimeoutMs ?? 5000 });
      this.scanPool = pool;
      // All workers load their rules now (the scorer is built on first use): lazily started ones
      // would each spend their start-up CPU in the middle of the first burst of requests.
      pool.prestart();
      this.ctx.scan = async (code, language) => {
        const reply = await pool.run({ kind: 'scan', code, language });
        return reply.scan ?? failedScan(language, reply.error ?? { code: 'internal_error', message: 'the scan worker gave no result' });
      };
    }
  }

  /** Stops the detector's worker threads (the sandbox belongs to whoever passed it in). */
  async close(): Promise<void> {
    await this.scanPool?.close();
  }

  get config(): RewardConfig {
    return this.ctx.config;
  }

  async score(sample: RewardSample): Promise<ScoredSample> {
    const measured = await measureSample(sample, this.ctx);
    if (this.config.length.method === 'kimi') applyKimiLength([measured], this.ctx);
    return finalizeSample(measured, this.ctx);
  }

  /**
   * Scores samples with at most `concurrency` in flight (the sandbox pool bounds the real
   * parallelism); samples of one group share Kimi's length term.
   */
  async scoreBatch(samples: RewardSample[], options: BatchOptions = {}): Promise<ScoredSample[]> {
    const measured = new Array<MeasuredSample>(samples.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < samples.length) {
        const index = next++;
        measured[index] = await measureSample(samples[index], this.ctx);
        options.onProgress?.(++done, samples.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? samples.length, samples.length)) }, worker));
    if (this.config.length.method === 'kimi') {
      const groups = new Map<string, MeasuredSample[]>();
      measured.forEach((m, i) => {
        const key = m.sample.groupId ?? `\u0000${i}`;
        groups.set(key, [...(groups.get(key) ?? []), m]);
      });
      for (const group of groups.values()) applyKimiLength(group, this.ctx);
    }
    return measured.map((m) => finalizeSample(m, this.ctx));
  }
}
