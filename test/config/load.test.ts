import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiKey, loadConfig, upstreamApiKey } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'codeward-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('starts from documented defaults with no file and no environment', () => {
    const config = loadConfig({ env: {} });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, apiKeys: [], rateLimit: { enabled: false } });
    expect(config.upstream.baseUrl).toBeUndefined();
    expect(config.moderator).toMatchObject({ mode: 'uncertain', failMode: 'open' });
    expect(config.response.blocked).toBe('content_filter');
    expect(config.store).toMatchObject({ enabled: true, retentionDays: 30 });
  });

  it('layers file < environment < overrides', () => {
    const path = file('layers.yaml', 'server:\n  port: 9000\n  host: 0.0.0.0\nupstream:\n  baseUrl: http://file/v1\n  model: file-model\nmoderator:\n  mode: always\n');
    const config = loadConfig({
      file: path,
      env: { CODEWARD_PORT: '9100', CODEWARD_UPSTREAM_MODEL: 'env-model', CODEWARD_REFINER_ENABLED: 'false' },
      overrides: { upstream: { baseUrl: 'http://flag/v1' } },
    });
    expect(config.server).toMatchObject({ port: 9100, host: '0.0.0.0' });
    expect(config.upstream).toMatchObject({ baseUrl: 'http://flag/v1', model: 'env-model' });
    expect(config.moderator.mode).toBe('always');
    expect(config.refiner.enabled).toBe(false);
  });

  it('reads the file named by CODEWARD_CONFIG and accepts an empty file', () => {
    expect(loadConfig({ env: { CODEWARD_CONFIG: file('empty.yaml', '') } }).server.port).toBe(8080);
  });

  it('names the bad key and the file on invalid settings', () => {
    expect(() => loadConfig({ file: file('bad.yaml', 'moderator:\n  mode: sometimes\n'), env: {} })).toThrow(/bad\.yaml: moderator\.mode/);
    expect(() => loadConfig({ file: file('typo.yaml', 'upstrem:\n  baseUrl: x\n'), env: {} })).toThrow(/upstrem/);
    expect(() => loadConfig({ env: { CODEWARD_PORT: 'eighty' } })).toThrow(/server\.port/);
    expect(() => loadConfig({ file: file('list.yaml', '- a\n'), env: {} })).toThrow(/mapping/);
    expect(() => loadConfig({ file: file('yaml.yaml', 'server: [\n'), env: {} })).toThrow(/not valid YAML/);
    expect(() => loadConfig({ file: join(dir, 'missing.yaml'), env: {} })).toThrow(/Cannot read config file/);
  });

  it('keeps only digests of client keys and reads the upstream key from the named variable', () => {
    const digest = hashApiKey('from-file').slice('sha256:'.length).toUpperCase();
    const config = loadConfig({ file: file('keys.yaml', `server:\n  apiKeys: ["${digest}"]\nupstream:\n  apiKeyEnv: MY_KEY\n`), env: { CODEWARD_API_KEYS: 'k1, k2', MY_KEY: 'sk-up' } });
    expect(config.server.apiKeys).toEqual([hashApiKey('from-file'), hashApiKey('k1'), hashApiKey('k2')]);
    expect(JSON.stringify(config)).not.toContain('k1');
    expect(upstreamApiKey(config, { MY_KEY: 'sk-up' })).toBe('sk-up');
    expect(() => loadConfig({ file: file('plain.yaml', 'server:\n  apiKeys: ["plain-key"]\n'), env: {} })).toThrow(/SHA-256/);
  });
});
