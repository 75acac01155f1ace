// Reads the config: defaults ← YAML file ← environment variables ← explicit overrides (CLI flags),
// validated once. Errors name the offending key and the file, so a typo is fixed in one step.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseYaml } from '../shared/yaml.js';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { configSchema, type CodewardConfig } from './schema.js';

export interface LoadConfigOptions {
  /** YAML file; unset: $CODEWARD_CONFIG, else no file (defaults). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Deep-merged last, e.g. { upstream: { baseUrl } } from `--upstream`. */
  overrides?: Record<string, unknown>;
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    out[key] = isTree(value) && isTree(out[key]) ? merge(out[key] as Tree, value) : value;
  }
  return out;
}

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

/** SHA-256 hex digest as stored in server.apiKeys. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

const NUMBER = (v: string) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const BOOLEAN = (v: string) => (/^(1|true|yes|on)$/i.test(v) ? true : /^(0|false|no|off)$/i.test(v) ? false : v);
const TEXT = (v: string) => v;

/** Environment variables and the config key each one sets. */
export const ENV_VARIABLES: Record<string, [path: string, parse: (v: string) => unknown]> = {
  CODEWARD_HOST: ['server.host', TEXT],
  CODEWARD_PORT: ['server.port', NUMBER],
  CODEWARD_UPSTREAM_URL: ['upstream.baseUrl', TEXT],
  CODEWARD_UPSTREAM_MODEL: ['upstream.model', TEXT],
  CODEWARD_UPSTREAM_TIMEOUT_MS: ['upstream.timeoutMs', NUMBER],
  CODEWARD_SANITIZER_THRESHOLD: ['sanitizer.threshold', NUMBER],
  CODEWARD_MODERATOR_MODE: ['moderator.mode', TEXT],
  CODEWARD_MODERATOR_FAIL_MODE: ['moderator.failMode', TEXT],
  CODEWARD_REFINER_ENABLED: ['refiner.enabled', BOOLEAN],
  CODEWARD_BLOCKED_RESPONSE: ['response.blocked', TEXT],
  CODEWARD_STORE_PATH: ['store.path', TEXT],
  CODEWARD_STORE_RETENTION_DAYS: ['store.retentionDays', NUMBER],
};

function fromEnv(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  for (const [name, [path, parse]] of Object.entries(ENV_VARIABLES)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(tree, path, parse(value));
  }
  return tree;
}

function readFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read config file ${file} (${errorMessage(err)}).`, 'Check the --config path.');
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new CodewardError('invalid_input', `Config file ${file} is not valid YAML: ${errorMessage(err)}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new CodewardError('invalid_input', `Config file ${file} must hold a mapping of sections (server, upstream, ...).`);
  return parsed;
}

export function loadConfig(options: LoadConfigOptions = {}): CodewardConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? (env.CODEWARD_CONFIG || undefined);
  let tree: Tree = file ? readFile(file) : {};
  tree = merge(tree, fromEnv(env));
  if (options.overrides) tree = merge(tree, options.overrides);
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.join('.') || '(top level)';
    const where = file ? ` in ${file}` : '';
    throw new CodewardError('invalid_input', `Invalid config${where}: ${key}: ${issue.message}.`, 'Fix the setting or remove it to use the default.');
  }
  const config = result.data;
  // Plain keys from the environment are hashed at once so only digests live in memory.
  const plainKeys = (env.CODEWARD_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  config.server.apiKeys = [...config.server.apiKeys, ...plainKeys.map(hashApiKey)].map((k) => (k.startsWith('sha256:') ? k : `sha256:${k}`).toLowerCase());
  return config;
}

/** The upstream's API key, read from the environment variable the config names. */
export function upstreamApiKey(config: CodewardConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[config.upstream.apiKeyEnv] || undefined;
}
