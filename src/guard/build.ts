// Builds the guard pipeline from the config: one LLM client per configured model (upstream,
// moderator, refiner), the policy, the sanitizer model and the audit log. Keys come from the environment only.
import { upstreamApiKey, type CodewardConfig } from '../config/index.js';
import { LlmClient, MemoryLlmCache } from '../llm/index.js';
import { loadPolicy } from '../policy/index.js';
import type { AuditLog } from '../store/index.js';
import { GuardPipeline } from './pipeline.js';
import type { TestRunner } from './refiner.js';
import { sandboxTestRunner } from './sandbox-tests.js';
import { loadSanitizerModel } from './sanitizer/index.js';

export interface BuildGuardOptions {
  audit?: AuditLog;
  env?: NodeJS.ProcessEnv;
  runTests?: TestRunner;
  onAuditError?: (err: unknown) => void;
}

function stageClient(config: CodewardConfig, stage: { baseUrl?: string; model?: string; apiKeyEnv?: string; timeoutMs: number }, env: NodeJS.ProcessEnv, cache?: MemoryLlmCache): LlmClient | undefined {
  const baseUrl = stage.baseUrl ?? config.upstream.baseUrl;
  if (!baseUrl) return undefined;
  const apiKey = stage.baseUrl ? (stage.apiKeyEnv ? env[stage.apiKeyEnv] : undefined) : upstreamApiKey(config, env);
  return new LlmClient({ baseUrl, apiKey, model: stage.model ?? config.upstream.model, timeoutMs: stage.timeoutMs, maxRetries: config.upstream.maxRetries, cache });
}

export function buildGuard(config: CodewardConfig, options: BuildGuardOptions = {}): GuardPipeline {
  const env = options.env ?? process.env;
  const upstream = config.upstream.baseUrl
    ? new LlmClient({ baseUrl: config.upstream.baseUrl, apiKey: upstreamApiKey(config, env), model: config.upstream.model, timeoutMs: config.upstream.timeoutMs, maxRetries: config.upstream.maxRetries })
    : undefined;
  return new GuardPipeline({
    config,
    policy: loadPolicy(),
    upstream,
    // Moderator verdicts on identical conversations are reused: same input, same decision, no cost.
    moderatorClient: stageClient(config, config.moderator, env, new MemoryLlmCache(2000)),
    refinerClient: stageClient(config, config.refiner, env),
    sanitizerModel: config.sanitizer.enabled ? loadSanitizerModel(config.sanitizer.modelPath) : undefined,
    audit: options.audit,
    runTests: options.runTests ?? sandboxTestRunner,
    onAuditError: options.onAuditError,
  });
}
