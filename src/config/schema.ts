// The one codeward config: every setting, its default and why, validated by zod. A YAML file and
// environment variables feed it (see load.ts); an empty file or none at all yields these defaults.
import { z } from 'zod';

const positiveInt = () => z.number().int().positive();
const probability = () => z.number().min(0).max(1);

export const serverSchema = z
  .object({
    /** Loopback by default: exposing the gateway is a deliberate choice. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** 4 MiB holds any chat request a code assistant sends; larger bodies get 413. */
    bodyLimitBytes: positiveInt().default(4 * 1024 * 1024),
    /**
     * Client API keys as SHA-256 hex digests (`sha256:<hex>` or bare hex; `printf %s KEY | sha256sum`).
     * Empty: no authentication (fine on loopback). Plain keys may also come from CODEWARD_API_KEYS.
     */
    apiKeys: z.array(z.string().regex(/^(sha256:)?[0-9a-fA-F]{64}$/, 'must be a SHA-256 hex digest (optionally prefixed "sha256:")')).default([]),
    rateLimit: z
      .object({
        /** Off by default on loopback; turn on when the gateway is shared. */
        enabled: z.boolean().default(false),
        /** Requests per client (API key, else IP) per window. */
        max: positiveInt().default(600),
        windowMs: positiveInt().default(60_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const upstreamSchema = z
  .object({
    /** OpenAI-compatible base URL including /v1, e.g. http://127.0.0.1:11434/v1. Unset: chat answers 503. */
    baseUrl: z.string().url().optional(),
    /** Name of the environment variable holding the upstream key; the key itself never enters the config. */
    apiKeyEnv: z.string().min(1).default('CODEWARD_UPSTREAM_API_KEY'),
    /** Model sent upstream when the client names none; a client's `model` is forwarded as is. */
    model: z.string().min(1).default('default'),
    /** Per attempt, and the longest gap between stream chunks. */
    timeoutMs: positiveInt().default(120_000),
    /** Retries on 429/5xx/connection errors before the first byte (timeouts are not retried). */
    maxRetries: z.number().int().min(0).max(10).default(2),
  })
  .strict();

export const sanitizerSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Sanitizer model file; unset: the bundled models/sanitizer.json. */
    modelPath: z.string().min(1).optional(),
    /** Block at or above this score; unset: the model's own calibrated threshold. */
    threshold: probability().optional(),
    /**
     * Scores in [uncertainFrom, threshold) are "uncertain": the moderator reviews them when its mode
     * is `uncertain`. Without a moderator they pass.
     */
    uncertainFrom: probability().default(0.3),
  })
  .strict();

const llmStageSchema = {
  /** Base URL of a dedicated model for this stage; unset: the upstream's. */
  baseUrl: z.string().url().optional(),
  /** Model for this stage; unset: the model the client asked for (or upstream.model when it named none). */
  model: z.string().min(1).optional(),
  /** API key environment variable for a dedicated base URL; unset: the upstream's. */
  apiKeyEnv: z.string().min(1).optional(),
  timeoutMs: positiveInt().default(20_000),
};

export const moderatorSchema = z
  .object({
    /** off: never; uncertain: only for sanitizer scores in the uncertain band (cost control); always. */
    mode: z.enum(['off', 'uncertain', 'always']).default('uncertain'),
    /**
     * What an unusable verdict (timeout, error, unparseable) means. open: allow, since the sanitizer
     * already blocked the confident cases; closed: block. Choose closed for high-risk deployments.
     */
    failMode: z.enum(['open', 'closed']).default('open'),
    ...llmStageSchema,
  })
  .strict();

export const refinerSchema = z
  .object({
    /** Off: findings go straight to the deterministic fast-scaffold fixes. */
    enabled: z.boolean().default(true),
    /** LLM fix attempts per answer before falling back to the fast scaffolds. */
    maxAttempts: z.number().int().min(1).max(5).default(1),
    ...llmStageSchema,
    timeoutMs: positiveInt().default(60_000),
  })
  .strict();

export const responseSchema = z
  .object({
    /**
     * How a blocked request is answered. content_filter: HTTP 200, finish_reason "content_filter" and
     * message.refusal (clients show the refusal); error: HTTP 400 with OpenAI error code content_filter.
     */
    blocked: z.enum(['content_filter', 'error']).default('content_filter'),
    /** Append a short note under fixed code saying what changed and why. */
    annotate: z.boolean().default(true),
  })
  .strict();

export const storeSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** SQLite audit log; relative paths resolve against the working directory. */
    path: z.string().min(1).default('.codeward/audit.sqlite'),
    /** Rows older than this are deleted at start-up and daily; 0 keeps everything. */
    retentionDays: z.number().int().min(0).default(30),
    /** Keep the conversation text (needed by `codeward logs --export` for retraining). */
    storeContent: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    server: serverSchema.prefault({}),
    upstream: upstreamSchema.prefault({}),
    sanitizer: sanitizerSchema.prefault({}),
    moderator: moderatorSchema.prefault({}),
    refiner: refinerSchema.prefault({}),
    response: responseSchema.prefault({}),
    store: storeSchema.prefault({}),
  })
  .strict();

export type CodewardConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
