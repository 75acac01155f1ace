// The sanitizer's model: a logistic regression over hashed features plus the conversation combiner
// settings and its decision threshold, stored as versioned JSON with int16-quantized weights.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CodewardError, errorMessage } from '../../shared/errors.js';
import { packagePath } from '../../shared/paths.js';
import { extractFeatures, FeatureBuffer } from './features.js';
import { normalizeText } from './normalize.js';

export const MODEL_FORMAT = 'codeward-sanitizer';
export const MODEL_VERSION = 1;
export const DEFAULT_MODEL_PATH = packagePath('models', 'sanitizer.json');

/** How per-turn scores become a conversation score (all in logit space). */
export interface CombinerSettings {
  /** Logit subtracted per later turn from an earlier turn's (capped) score: recency weighting. */
  recencyDecay: number;
  /** Weight of the whole-conversation logit when mixed with the current turn's logit. */
  windowWeight: number;
  /** Only the last this-many characters of the conversation form the window text. */
  windowChars: number;
}

export interface SanitizerModel {
  format: typeof MODEL_FORMAT;
  version: number;
  bits: number;
  bias: number;
  weights: Float32Array;
  /** Probability at or above which a conversation is flagged; chosen on dev data. */
  threshold: number;
  combiner: CombinerSettings;
  /** Training provenance: data sources, sizes, seconds, dev metrics. */
  metadata: Record<string, unknown>;
}

export const DEFAULT_COMBINER: CombinerSettings = { recencyDecay: 1, windowWeight: 0.5, windowChars: 6000 };

const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.number().int().min(1).max(MODEL_VERSION),
  bits: z.number().int().min(8).max(24),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
  combiner: z.object({ recencyDecay: z.number(), windowWeight: z.number().min(0).max(1), windowChars: z.number().int().positive() }),
  metadata: z.record(z.string(), z.unknown()),
  weightScale: z.number().positive(),
  weights: z.string(),
});

const sharedBuffer = new FeatureBuffer();

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}

/** Raw logit of one already-normalized text. */
export function scoreNormalized(model: SanitizerModel, normalized: string, buffer: FeatureBuffer = sharedBuffer): number {
  extractFeatures(normalized, model.bits, buffer);
  const w = model.weights;
  const idx = buffer.indices;
  let wordSum = 0;
  const wordEnd = buffer.wordCount;
  for (let i = 0; i < wordEnd; i++) wordSum += w[idx[i]];
  let charSum = 0;
  const end = buffer.length;
  for (let i = wordEnd; i < end; i++) charSum += w[idx[i]];
  return model.bias + wordSum * buffer.wordScale + charSum * buffer.charScale;
}

/** Raw logit of one text (normalizes first). */
export function scoreText(model: SanitizerModel, text: string): number {
  return scoreNormalized(model, normalizeText(text));
}

export function parseSanitizerModel(json: string, source = 'model'): SanitizerModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new CodewardError('file_unreadable', `${source} is not valid JSON (${errorMessage(err)}).`, 'Train one with `codeward sanitizer train`.');
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CodewardError('file_unreadable', `${source} is not a codeward sanitizer model: ${parsed.error.issues[0]?.message ?? 'bad shape'}.`, 'Train one with `codeward sanitizer train`.');
  }
  const file = parsed.data;
  const bytes = Buffer.from(file.weights, 'base64');
  const size = 1 << file.bits;
  if (bytes.length !== size * 2) {
    throw new CodewardError('file_unreadable', `${source} holds ${bytes.length / 2} weights, expected ${size}.`, 'Retrain the model.');
  }
  const quantized = new Int16Array(bytes.buffer, bytes.byteOffset, size);
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = quantized[i] * file.weightScale;
  return { format: MODEL_FORMAT, version: file.version, bits: file.bits, bias: file.bias, weights, threshold: file.threshold, combiner: file.combiner, metadata: file.metadata };
}

export function serializeSanitizerModel(model: SanitizerModel): string {
  let maxAbs = 1e-12;
  for (const w of model.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs / 32767;
  const quantized = new Int16Array(model.weights.length);
  for (let i = 0; i < quantized.length; i++) quantized[i] = Math.round(model.weights[i] / scale);
  const { weights: _weights, ...rest } = model;
  return JSON.stringify({ ...rest, weightScale: scale, weights: Buffer.from(quantized.buffer).toString('base64') });
}

export function saveSanitizerModel(model: SanitizerModel, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serializeSanitizerModel(model));
}

const cache = new Map<string, SanitizerModel>();

/** Loads a model file (default: the bundled one); cached per path. */
export function loadSanitizerModel(path: string = DEFAULT_MODEL_PATH): SanitizerModel {
  const hit = cache.get(path);
  if (hit) return hit;
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read sanitizer model ${path} (${errorMessage(err)}).`, 'Check the path, or train one with `codeward sanitizer train`.');
  }
  const model = parseSanitizerModel(json, path);
  cache.set(path, model);
  return model;
}

/** Drops a cached model, e.g. after promoting a retrained one over the same path. */
export function forgetSanitizerModel(path: string = DEFAULT_MODEL_PATH): void {
  cache.delete(path);
}
