// The one object a guarded chat request flows through: the conversation, every stage's verdict, the
// answer and its review. Stages read and write it; the audit log records it as it ends.
import { randomUUID } from 'node:crypto';
import type { Finding } from '../analysis/index.js';
import type { ChatMessage } from '../llm/index.js';
import type { AuditRecord } from '../store/index.js';

export type GuardAction = 'passed' | 'blocked' | 'refined' | 'fixed';

/** Tests a client may attach (request field `codeward`) so the refiner's fixes must keep them passing. */
export interface SuppliedTests {
  language?: string;
  tests: unknown;
}

export interface SanitizerStage {
  score: number;
  threshold: number;
  band: 'low' | 'uncertain' | 'high';
  reasons: unknown[];
}

export interface ModeratorStage {
  verdict: 'allow' | 'refuse' | 'safe_complete';
  rules: string[];
  rationale: string;
  /** Set when the moderator failed and the verdict came from the fail mode. */
  error?: string;
}

export interface BlockReview {
  language: string;
  /** Findings in the code as the model wrote it. */
  findings: Finding[];
  outcome: 'clean' | 'refined' | 'fixed' | 'unfixed';
  /** Findings left in the code as delivered. */
  remaining: Finding[];
  changes: { ruleId: string; cwe: string[]; line: number; by: 'refiner' | 'scaffold' }[];
  refinerAttempts: { accepted: boolean; reason: string }[];
  /** The code as delivered. */
  code: string;
}

export interface AnswerReview {
  text: string;
  blocks: BlockReview[];
  action: Exclude<GuardAction, 'blocked'>;
}

export interface Exchange {
  id: string;
  createdAt: number;
  startedMs: number;
  endpoint: string;
  client?: string;
  model?: string;
  stream: boolean;
  messages: ChatMessage[];
  /** The body forwarded upstream: the client's, minus codeward's own extension field. */
  upstreamRequest: Record<string, unknown>;
  tests?: SuppliedTests;
  sanitizer?: SanitizerStage;
  moderator?: ModeratorStage;
  blocked?: { by: 'sanitizer' | 'moderator'; rules: string[]; refusal: string };
  answer?: string;
  finishReason?: string | null;
  review?: AnswerReview;
  action: GuardAction;
  error?: string;
  /** Milliseconds spent per stage. */
  stages: Record<string, number>;
}

export function createExchange(body: Record<string, unknown>, options: { endpoint?: string; client?: string } = {}): Exchange {
  const { codeward, ...upstreamRequest } = body;
  const extension = codeward as { tests?: unknown; language?: unknown } | undefined;
  return {
    id: `chatcmpl-cw-${randomUUID()}`,
    createdAt: Date.now(),
    startedMs: performance.now(),
    endpoint: options.endpoint ?? 'chat.completions',
    client: options.client,
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    messages: body.messages as ChatMessage[],
    upstreamRequest,
    tests: extension?.tests !== undefined ? { tests: extension.tests, language: typeof extension.language === 'string' ? extension.language : undefined } : undefined,
    action: 'passed',
    stages: {},
  };
}

/** Runs `fn` and adds its duration to the exchange's stage timings. */
export async function timed<T>(exchange: Exchange, stage: string, fn: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    exchange.stages[stage] = (exchange.stages[stage] ?? 0) + (performance.now() - started);
  }
}

export function auditRecordOf(exchange: Exchange): AuditRecord {
  const blocks = exchange.review?.blocks ?? [];
  return {
    id: exchange.id,
    createdAt: exchange.createdAt,
    endpoint: exchange.endpoint,
    client: exchange.client ?? null,
    model: exchange.model ?? null,
    stream: exchange.stream,
    action: exchange.error ? 'error' : exchange.action,
    blockedBy: exchange.blocked?.by ?? null,
    sanitizerScore: exchange.sanitizer?.score ?? null,
    sanitizer: exchange.sanitizer,
    moderator: exchange.moderator,
    findings: blocks.length ? blocks.map((b) => ({ language: b.language, findings: b.findings.map(({ ruleId, cwe, severity, range }) => ({ ruleId, cwe, severity, line: range.start.line })) })) : undefined,
    fixes: blocks.some((b) => b.changes.length) ? blocks.map((b) => ({ outcome: b.outcome, changes: b.changes, remaining: b.remaining.map((f) => f.ruleId) })) : undefined,
    refiner: blocks.some((b) => b.refinerAttempts.length) ? blocks.map((b) => b.refinerAttempts) : undefined,
    error: exchange.error ?? null,
    latencyMs: performance.now() - exchange.startedMs,
    stages: exchange.stages,
    messages: exchange.messages,
    answer: exchange.review?.text ?? exchange.answer ?? exchange.blocked?.refusal ?? null,
  };
}
