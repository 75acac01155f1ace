// Turns untrusted input (HTTP bodies, JSONL rows, OpenRLHF labels) into RewardSamples, or into a
// per-sample error with a clear message: one bad sample never fails a batch.
import { parseTestSpec } from '../sandbox/index.js';
import { errorMessage } from '../shared/errors.js';
import { ORACLES, type Oracle, type RewardSample } from './types.js';

export interface SampleError {
  code: 'invalid_input';
  message: string;
}

export type ParsedSample = { ok: true; sample: RewardSample } | { ok: false; error: SampleError };

/** The metadata an OpenRLHF label carries (a JSON string) or a rollout row holds inline. */
export interface RewardLabel {
  oracle: Oracle;
  language?: string;
  tests?: unknown;
  original?: string;
  requireExplanation?: boolean;
}

const fail = (message: string): { ok: false; error: SampleError } => ({ ok: false, error: { code: 'invalid_input', message } });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseLabel(raw: unknown): { ok: true; label: RewardLabel } | { ok: false; error: SampleError } {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      return fail(`label is not valid JSON (${(err as Error).message}); send a JSON string like {"oracle":"correctness","language":"python","tests":{...}}.`);
    }
  }
  if (!isRecord(value)) return fail('label must be a JSON object with an "oracle" field.');
  const oracle = value.oracle ?? 'correctness';
  if (typeof oracle !== 'string' || !(ORACLES as readonly string[]).includes(oracle)) {
    return fail(`unknown oracle ${JSON.stringify(oracle)}; use one of ${ORACLES.join(', ')}.`);
  }
  if (value.language !== undefined && typeof value.language !== 'string') return fail('label.language must be a string such as "python".');
  if (value.original !== undefined && typeof value.original !== 'string') return fail('label.original must be the original code as a string.');
  if (value.tests !== undefined && value.tests !== null) {
    try {
      parseTestSpec(value.tests);
    } catch (err) {
      return fail(`label.tests is not a test format the sandbox knows: ${errorMessage(err)}`);
    }
  }
  const requireExplanation = value.require_explanation ?? value.requireExplanation;
  return {
    ok: true,
    label: {
      oracle: oracle as Oracle,
      language: value.language as string | undefined,
      tests: value.tests ?? undefined,
      original: value.original as string | undefined,
      requireExplanation: requireExplanation === true,
    },
  };
}

/**
 * A sample from a plain object: {prompt, completion (or response), oracle | label, language?, tests?,
 * original?, require_explanation?, group_id?, id?}. Fields in `label` fill in what the row leaves out.
 */
export function parseSample(raw: unknown, maxCompletionChars: number): ParsedSample {
  if (!isRecord(raw)) return fail('each sample must be a JSON object.');
  const completion = raw.completion ?? raw.response;
  if (completion === undefined) return fail('missing "completion" (the policy\'s answer as a string).');
  if (typeof completion !== 'string') return fail(`"completion" must be a string, got ${Array.isArray(completion) ? 'an array' : typeof completion}.`);
  if (completion.length > maxCompletionChars) {
    return fail(`"completion" is ${completion.length} characters; the limit is ${maxCompletionChars} (raise maxCompletionChars in the reward config if this is intended).`);
  }
  const prompt = raw.prompt ?? '';
  if (typeof prompt !== 'string') return fail('"prompt" must be a string.');
  const labelSource = raw.label !== undefined ? raw.label : { oracle: raw.oracle, language: raw.language, tests: raw.tests, original: raw.original, require_explanation: raw.require_explanation };
  const parsed = parseLabel(labelSource);
  if (!parsed.ok) return parsed;
  const label = parsed.label;
  const groupId = raw.group_id ?? raw.groupId;
  return {
    ok: true,
    sample: {
      prompt,
      completion,
      oracle: label.oracle,
      language: label.language ?? (typeof raw.language === 'string' ? raw.language : undefined),
      tests: label.tests ?? raw.tests,
      original: label.original ?? (typeof raw.original === 'string' ? raw.original : undefined),
      requireExplanation: label.requireExplanation,
      groupId: groupId === undefined || groupId === null ? undefined : String(groupId),
      id: raw.id === undefined ? undefined : String(raw.id),
    },
  };
}

/**
 * OpenRLHF sends prompt + response as `query`; the reward needs the response alone. Detokenization
 * can change the prompt's surrounding whitespace, so a second try ignores it.
 */
export function stripPrompt(query: string, prompt: string): string {
  if (!prompt) return query;
  if (query.startsWith(prompt)) return query.slice(prompt.length);
  const core = prompt.trim();
  const at = core ? query.indexOf(core) : -1;
  if (at >= 0 && query.slice(0, at).trim() === '') return query.slice(at + core.length);
  return query;
}
