import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startServer } from '../../src/cli/commands/serve.js';
import { parseWhen } from '../../src/cli/commands/logs.js';
import { AuditLog } from '../../src/store/index.js';
import { reply, startScriptedOpenAI } from '../support/scripted-openai.js';
import { BENIGN, CLEAN_ANSWER, MALICIOUS, chatBody } from './gateway-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function captureStdout(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await fn(), out };
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
}

describe('codeward serve', () => {
  it('starts with no config file: chat names the missing upstream, other endpoints work', async () => {
    const running = await startServer({ port: '0' }, { env: { CODEWARD_STORE_PATH: join(dir, 'none', 'audit.sqlite') }, logger: false });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const chat = await fetch(`${running.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody(BENIGN)) });
      expect(chat.status).toBe(503);
      expect(((await chat.json()) as { error: { message: string } }).error.message).toMatch(/upstream\.baseUrl/);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${running.url}/metrics`)).status).toBe(200);
      const guardrail = await fetch(`${running.url}/beta/litellm_basic_guardrail_api`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ texts: [MALICIOUS], input_type: 'request' }) });
      expect(((await guardrail.json()) as { action: string }).action).toBe('BLOCKED');
    } finally {
      await running.close();
    }
  });

  it('takes --config and --upstream, records exchanges, and `codeward logs` reads and exports them', async () => {
    const upstream = await startScriptedOpenAI(() => reply.answer(CLEAN_ANSWER));
    const dbPath = join(dir, 'cli', 'audit.sqlite');
    const configPath = join(dir, 'codeward.yaml');
    writeFileSync(configPath, `store:\n  path: ${dbPath}\nmoderator:\n  mode: off\nupstream:\n  baseUrl: http://127.0.0.1:1/v1\n`);
    const running = await startServer({ config: configPath, upstream: upstream.url, port: '0' }, { env: {}, logger: false });
    try {
      for (const content of [BENIGN, MALICIOUS]) {
        const res = await fetch(`${running.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody(content)) });
        expect(res.status).toBe(200);
      }
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await running.close();
      await upstream.close();
    }
    const table = await captureStdout(() => main(['node', 'codeward', 'logs', '--db', dbPath]));
    expect(table.code).toBe(0);
    expect(table.out.trim().split('\n')).toHaveLength(2);
    expect(table.out).toMatch(/blocked\s+sanitizer/);

    const exported = join(dir, 'train.jsonl');
    expect((await captureStdout(() => main(['node', 'codeward', 'logs', '--db', dbPath, '--export', exported]))).code).toBe(0);
    const rows = readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.label).sort()).toEqual(['benign', 'malicious']);
    expect(rows[0].messages[0]).toMatchObject({ role: 'user' });

    const blocked = await captureStdout(() => main(['node', 'codeward', 'logs', '--db', dbPath, '--action', 'blocked', '--json']));
    expect(JSON.parse(blocked.out.trim())).toMatchObject({ action: 'blocked', blockedBy: 'sanitizer' });
    const log = new AuditLog(dbPath);
    expect(log.count()).toBe(2);
    log.close();
  });

  it('rejects bad flags and a missing log with clear errors', async () => {
    expect((await captureStdout(() => main(['node', 'codeward', 'logs', '--db', join(dir, 'missing.sqlite')]))).code).toBe(2);
    await expect(startServer({ port: 'http' }, { env: {}, logger: false })).rejects.toThrow(/--port/);
    expect(() => parseWhen('yesterday', '--since')).toThrow(/--since/);
    expect(parseWhen('2h', '--since', 10_000_000)).toBe(10_000_000 - 7_200_000);
  });
});
