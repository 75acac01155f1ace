import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, trainingExample, type AuditRecord } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function entry(id: string, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return { id, createdAt: Date.now(), endpoint: 'chat.completions', action: 'passed', messages: [{ role: 'user', content: `hello ${id}` }], ...overrides };
}

describe('AuditLog', () => {
  it('opens in WAL mode with the schema migrated, and round-trips a record', () => {
    const log = new AuditLog(join(dir, 'a', 'audit.sqlite'));
    log.record(entry('r1', { action: 'fixed', sanitizerScore: 0.12, findings: [{ ruleId: 'x' }], stages: { sanitizer: 0.2 }, answer: 'ok', stream: true }));
    const [row] = log.query();
    expect(row).toMatchObject({ id: 'r1', action: 'fixed', sanitizerScore: 0.12, findings: [{ ruleId: 'x' }], stages: { sanitizer: 0.2 }, answer: 'ok', stream: true });
    log.close();
    const raw = new Database(join(dir, 'a', 'audit.sqlite'));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });

  it('filters by action and time, newest first, and honours the limit', () => {
    const log = new AuditLog(':memory:');
    log.record(entry('old', { createdAt: 1000, action: 'blocked', blockedBy: 'sanitizer' }));
    log.record(entry('mid', { createdAt: 2000 }));
    log.record(entry('new', { createdAt: 3000, action: 'blocked', blockedBy: 'moderator' }));
    expect(log.query().map((r) => r.id)).toEqual(['new', 'mid', 'old']);
    expect(log.query({ action: 'blocked' }).map((r) => r.id)).toEqual(['new', 'old']);
    expect(log.query({ blockedBy: 'sanitizer' }).map((r) => r.id)).toEqual(['old']);
    expect(log.query({ since: 1500, until: 3000 }).map((r) => r.id)).toEqual(['mid']);
    expect(log.query({ limit: 1 }).map((r) => r.id)).toEqual(['new']);
    log.close();
  });

  it('deletes rows past the retention period', () => {
    const log = new AuditLog(':memory:', { retentionDays: 1 });
    log.record(entry('stale', { createdAt: Date.now() - 3 * 24 * 3600_000 }));
    log.record(entry('fresh'));
    expect(log.prune()).toBe(1);
    expect(log.query().map((r) => r.id)).toEqual(['fresh']);
    log.close();
  });

  it('never stores credentials and can keep verdicts without content', () => {
    const log = new AuditLog(':memory:');
    log.record(entry('k', { messages: [{ role: 'user', content: 'my key is sk-abcdefghijklmnopqrstuvwx and Bearer abcdefghijklmnopqrstuvwxyz' }] }));
    expect(JSON.stringify(log.query()[0].messages)).not.toMatch(/sk-abc|Bearer abc/);
    log.close();
    const bare = new AuditLog(':memory:', { storeContent: false });
    bare.record(entry('c', { answer: 'secret answer' }));
    expect(bare.query()[0]).toMatchObject({ messages: undefined, answer: null });
    bare.close();
  });

  it('exports blocked and passed conversations as sanitizer training rows', () => {
    expect(trainingExample(entry('b', { action: 'blocked', sanitizerScore: 0.9 }))).toMatchObject({ label: 'malicious', messages: [{ role: 'user' }], score: 0.9 });
    expect(trainingExample(entry('p', { action: 'fixed' }))?.label).toBe('benign');
    expect(trainingExample(entry('e', { action: 'error' }))).toBeUndefined();
  });

  it('keeps every committed row when the writing process is killed', async () => {
    const script = join(dir, 'writer.cjs');
    await build({
      stdin: {
        contents: `import { AuditLog } from './src/store/index.ts';
          const log = new AuditLog(process.argv[2]);
          let n = 0;
          setInterval(() => { log.record({ id: 'row-' + n, createdAt: Date.now(), endpoint: 'chat.completions', action: 'passed' }); n++; process.stdout.write(n + '\\n'); }, 1);`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      outfile: script,
      logLevel: 'silent',
    });
    const dbPath = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, [script, dbPath], { stdio: ['ignore', 'pipe', 'inherit'], // CommonJS honours NODE_PATH, so the bundle finds the native module.
      env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') } });
    const acknowledged = await new Promise<number>((resolve, reject) => {
      let last = 0;
      child.stdout.on('data', (data: Buffer) => {
        const numbers = data.toString().trim().split('\n').map(Number);
        last = Math.max(last, ...numbers);
        if (last >= 200) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', (code) => (last < 200 ? reject(new Error(`writer exited early (${code})`)) : undefined));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const log = new AuditLog(dbPath);
    expect(log.count()).toBeGreaterThanOrEqual(acknowledged);
    log.close();
  });
});
