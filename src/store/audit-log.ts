// The SQLite audit log (better-sqlite3, WAL): one row per guarded exchange with every stage's verdict,
// findings, fixes and latency. Rows are committed one by one, so a killed process loses nothing
// already written. Credentials never enter: key-shaped strings in the conversation are redacted.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { migrate } from './migrations.js';

export type AuditAction = 'passed' | 'blocked' | 'refined' | 'fixed' | 'error';

export interface AuditRecord {
  id: string;
  createdAt: number;
  endpoint: string;
  /** A short fingerprint of the client's key digest (never the key), or null without auth. */
  client?: string | null;
  model?: string | null;
  stream?: boolean;
  action: AuditAction;
  blockedBy?: string | null;
  sanitizerScore?: number | null;
  sanitizer?: unknown;
  moderator?: unknown;
  findings?: unknown;
  fixes?: unknown;
  refiner?: unknown;
  error?: string | null;
  latencyMs?: number | null;
  stages?: Record<string, number>;
  messages?: unknown;
  answer?: string | null;
}

export interface AuditQuery {
  since?: number;
  until?: number;
  action?: AuditAction;
  blockedBy?: string;
  /** Newest first; default 100. */
  limit?: number;
}

interface Row {
  id: string;
  created_at: number;
  endpoint: string;
  client: string | null;
  model: string | null;
  stream: number;
  action: AuditAction;
  blocked_by: string | null;
  sanitizer_score: number | null;
  sanitizer_json: string | null;
  moderator_json: string | null;
  findings_json: string | null;
  fixes_json: string | null;
  refiner_json: string | null;
  error: string | null;
  latency_ms: number | null;
  stages_json: string | null;
  messages_json: string | null;
  answer: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Bearer tokens and common vendor key shapes (sk-…, ghp_…, AKIA…, xox…-). */
const SECRET_PATTERN = /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g;

export function redactSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '[redacted-credential]');
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function parsed(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

export interface AuditLogOptions {
  retentionDays?: number;
  /** Keep the conversation and answer text; off keeps only verdicts and numbers. */
  storeContent?: boolean;
}

export class AuditLog {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly options: Required<AuditLogOptions>;
  private pruneTimer?: NodeJS.Timeout;

  constructor(path: string, options: AuditLogOptions = {}) {
    this.path = path === ':memory:' ? path : resolve(path);
    this.options = { retentionDays: options.retentionDays ?? 30, storeContent: options.storeContent ?? true };
    try {
      if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
      this.db = new Database(this.path);
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit survives the process being killed; only an OS crash or power
      // loss can drop the last transactions, and fsync per request would dominate the gateway's latency.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      migrate(this.db);
    } catch (err) {
      throw new CodewardError('file_unreadable', `Cannot open the audit log ${this.path} (${errorMessage(err)}).`, 'Set store.path to a writable file, or store.enabled: false.');
    }
    this.insert = this.db.prepare(`INSERT OR REPLACE INTO exchanges (id, created_at, endpoint, client, model, stream, action, blocked_by,
      sanitizer_score, sanitizer_json, moderator_json, findings_json, fixes_json, refiner_json, error, latency_ms, stages_json, messages_json, answer)
      VALUES (@id, @created_at, @endpoint, @client, @model, @stream, @action, @blocked_by, @sanitizer_score, @sanitizer_json, @moderator_json,
      @findings_json, @fixes_json, @refiner_json, @error, @latency_ms, @stages_json, @messages_json, @answer)`);
    if (this.options.retentionDays > 0) {
      this.prune();
      this.pruneTimer = setInterval(() => this.prune(), DAY_MS);
      this.pruneTimer.unref();
    }
  }

  record(entry: AuditRecord): void {
    const content = this.options.storeContent;
    this.insert.run({
      id: entry.id,
      created_at: entry.createdAt,
      endpoint: entry.endpoint,
      client: entry.client ?? null,
      model: entry.model ?? null,
      stream: entry.stream ? 1 : 0,
      action: entry.action,
      blocked_by: entry.blockedBy ?? null,
      sanitizer_score: entry.sanitizerScore ?? null,
      sanitizer_json: json(entry.sanitizer),
      moderator_json: json(entry.moderator),
      findings_json: json(entry.findings),
      fixes_json: json(entry.fixes),
      refiner_json: json(entry.refiner),
      error: entry.error ? redactSecrets(entry.error) : null,
      latency_ms: entry.latencyMs ?? null,
      stages_json: json(entry.stages),
      messages_json: content && entry.messages !== undefined ? redactSecrets(JSON.stringify(entry.messages)) : null,
      answer: content && entry.answer ? redactSecrets(entry.answer) : null,
    });
  }

  query(query: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.since !== undefined) {
      where.push('created_at >= @since');
      params.since = query.since;
    }
    if (query.until !== undefined) {
      where.push('created_at < @until');
      params.until = query.until;
    }
    if (query.action) {
      where.push('action = @action');
      params.action = query.action;
    }
    if (query.blockedBy) {
      where.push('blocked_by = @blockedBy');
      params.blockedBy = query.blockedBy;
    }
    params.limit = query.limit ?? 100;
    const sql = `SELECT * FROM exchanges ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as Row[]).map(fromRow);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM exchanges').get() as { n: number }).n;
  }

  /** Deletes rows older than the retention period; returns how many. */
  prune(now = Date.now()): number {
    if (this.options.retentionDays <= 0) return 0;
    return this.db.prepare('DELETE FROM exchanges WHERE created_at < ?').run(now - this.options.retentionDays * DAY_MS).changes;
  }

  close(): void {
    clearInterval(this.pruneTimer);
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: Row): AuditRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    endpoint: row.endpoint,
    client: row.client,
    model: row.model,
    stream: row.stream === 1,
    action: row.action,
    blockedBy: row.blocked_by,
    sanitizerScore: row.sanitizer_score,
    sanitizer: parsed(row.sanitizer_json),
    moderator: parsed(row.moderator_json),
    findings: parsed(row.findings_json),
    fixes: parsed(row.fixes_json),
    refiner: parsed(row.refiner_json),
    error: row.error,
    latencyMs: row.latency_ms,
    stages: parsed(row.stages_json) as Record<string, number> | undefined,
    messages: parsed(row.messages_json),
    answer: row.answer,
  };
}

/** A row in the sanitizer's training format: the conversation and the gateway's verdict as label. */
export function trainingExample(record: AuditRecord): { id: string; messages: unknown; label: 'malicious' | 'benign'; score: number | null; source: string } | undefined {
  if (!Array.isArray(record.messages) || (record.action === 'error')) return undefined;
  return {
    id: record.id,
    messages: record.messages,
    label: record.action === 'blocked' ? 'malicious' : 'benign',
    score: record.sanitizerScore ?? null,
    source: 'codeward-audit',
  };
}
