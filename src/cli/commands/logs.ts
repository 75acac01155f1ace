// `codeward logs`: reads the gateway's audit log — a table of recent exchanges, full records as JSONL,
// or an export in the sanitizer's training format ({messages, label}) for retraining.
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { CodewardError } from '../../shared/errors.js';
import { AuditLog, trainingExample, type AuditAction, type AuditRecord } from '../../store/index.js';

interface LogsFlags {
  config?: string;
  db?: string;
  since?: string;
  until?: string;
  action?: string;
  blockedBy?: string;
  limit: string;
  json?: boolean;
  export?: string;
}

const ACTIONS: AuditAction[] = ['passed', 'blocked', 'refined', 'fixed', 'error'];
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO date/time, or a duration back from now such as 30m, 24h, 7d. */
export function parseWhen(value: string, flag: string, now = Date.now()): number {
  const relative = /^(\d+)([mhd])$/.exec(value.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new CodewardError('invalid_input', `${flag} must be an ISO date (2026-01-31T12:00Z) or a duration such as 30m, 24h, 7d; got "${value}".`);
  return time;
}

function tableLine(r: AuditRecord): string {
  const score = r.sanitizerScore === null || r.sanitizerScore === undefined ? '    -' : r.sanitizerScore.toFixed(3);
  const latency = r.latencyMs === null || r.latencyMs === undefined ? '-' : `${r.latencyMs.toFixed(1)}ms`;
  return [new Date(r.createdAt).toISOString(), r.action.padEnd(7), (r.blockedBy ?? '-').padEnd(9), score, latency.padStart(9), r.stream ? 'stream' : 'json  ', r.model ?? '-', r.id].join('  ');
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("Query the gateway's audit log, or export conversations as sanitizer training data (JSONL).")
    .option('--config <file>', 'config file naming store.path (default: $CODEWARD_CONFIG, else defaults)')
    .option('--db <path>', 'audit log file (overrides store.path)')
    .option('--since <when>', 'only exchanges at or after this ISO time or duration ago (30m, 24h, 7d)')
    .option('--until <when>', 'only exchanges before this ISO time or duration ago')
    .option('--action <action>', `only this outcome: ${ACTIONS.join(', ')}`)
    .option('--blocked-by <stage>', 'only requests blocked by this stage: sanitizer or moderator')
    .option('-n, --limit <n>', 'newest N exchanges', '50')
    .option('--json', 'print full records as JSON lines')
    .option('--export <file>', 'write {messages, label} JSONL for `codeward sanitizer train` (- for stdout)')
    .action((flags: LogsFlags) => {
      const config = loadConfig({ file: flags.config });
      const path = flags.db ?? config.store.path;
      if (!existsSync(path)) throw new CodewardError('file_unreadable', `No audit log at ${path}.`, 'Run `codeward serve` first, or pass --db PATH.');
      if (flags.action && !ACTIONS.includes(flags.action as AuditAction)) {
        throw new CodewardError('invalid_input', `--action must be one of ${ACTIONS.join(', ')}; got "${flags.action}".`);
      }
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new CodewardError('invalid_input', `--limit must be a positive integer; got "${flags.limit}".`);
      const log = new AuditLog(path, { retentionDays: 0 });
      try {
        const records = log.query({
          since: flags.since ? parseWhen(flags.since, '--since') : undefined,
          until: flags.until ? parseWhen(flags.until, '--until') : undefined,
          action: flags.action as AuditAction | undefined,
          blockedBy: flags.blockedBy,
          limit,
        });
        if (flags.export) {
          const rows = records.map(trainingExample).filter((r) => r !== undefined);
          const text = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
          if (flags.export === '-') process.stdout.write(text);
          else {
            writeFileSync(flags.export, text);
            process.stderr.write(`codeward: wrote ${rows.length} examples to ${flags.export}\n`);
          }
          return;
        }
        if (flags.json) {
          for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        for (const r of records) process.stdout.write(`${tableLine(r)}\n`);
        if (records.length === 0) process.stderr.write('codeward: no matching exchanges\n');
      } finally {
        log.close();
      }
    });
}
