// Trains the sanitizer's logistic regression with AdaGrad SGD over precomputed hashed features.
// Single-threaded and deterministic for a given seed; ~20k examples take a few seconds.
import { extractFeatures, FeatureBuffer } from './features.js';
import { DEFAULT_COMBINER, MODEL_FORMAT, MODEL_VERSION, sigmoid, type CombinerSettings, type SanitizerModel } from './model.js';
import { normalizeText } from './normalize.js';

export interface TrainingExample {
  text: string;
  /** 1 = malicious cyber request, 0 = benign. */
  label: 0 | 1;
  /** Relative importance (default 1), e.g. to balance sources. */
  weight?: number;
}

export interface TrainOptions {
  bits?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  threshold?: number;
  combiner?: CombinerSettings;
  metadata?: Record<string, unknown>;
}

/** All examples' feature indices in one flat array, so training touches no per-example objects. */
interface FeatureMatrix {
  indices: Int32Array;
  offsets: Int32Array;
  wordEnds: Int32Array;
  wordScales: Float32Array;
  charScales: Float32Array;
}

function buildMatrix(examples: TrainingExample[], bits: number): FeatureMatrix {
  const buffer = new FeatureBuffer();
  let indices = new Int32Array(1 << 20);
  const offsets = new Int32Array(examples.length + 1);
  const wordEnds = new Int32Array(examples.length);
  const wordScales = new Float32Array(examples.length);
  const charScales = new Float32Array(examples.length);
  let used = 0;
  examples.forEach((example, e) => {
    extractFeatures(normalizeText(example.text), bits, buffer);
    if (used + buffer.length > indices.length) {
      const grown = new Int32Array(Math.max(indices.length * 2, used + buffer.length));
      grown.set(indices.subarray(0, used));
      indices = grown;
    }
    indices.set(buffer.indices.subarray(0, buffer.length), used);
    wordEnds[e] = used + buffer.wordCount;
    wordScales[e] = buffer.wordScale;
    charScales[e] = buffer.charScale;
    used += buffer.length;
    offsets[e + 1] = used;
  });
  return { indices: indices.subarray(0, used), offsets, wordEnds, wordScales, charScales };
}

/** Mulberry32: a tiny seeded PRNG so shuffles (and models) are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainSanitizer(examples: TrainingExample[], options: TrainOptions = {}): SanitizerModel {
  const bits = options.bits ?? 19;
  const epochs = options.epochs ?? 8;
  const rate = options.learningRate ?? 0.4;
  const l2 = options.l2 ?? 1e-5;
  const random = seededRandom(options.seed ?? 1);
  const started = performance.now();
  const m = buildMatrix(examples, bits);
  const size = 1 << bits;
  const weights = new Float32Array(size);
  const squared = new Float32Array(size).fill(1e-6);
  let bias = 0;
  let biasSquared = 1e-6;

  // Balance classes so the threshold is not driven by whichever source is largest.
  let positive = 0;
  let negative = 0;
  for (const ex of examples) {
    if (ex.label === 1) positive += ex.weight ?? 1;
    else negative += ex.weight ?? 1;
  }
  const total = positive + negative;
  const classWeight = [total / (2 * Math.max(negative, 1e-9)), total / (2 * Math.max(positive, 1e-9))];

  const order = Int32Array.from(examples.keys());
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (const e of order) {
      const start = m.offsets[e];
      const wordEnd = m.wordEnds[e];
      const end = m.offsets[e + 1];
      const ws = m.wordScales[e];
      const cs = m.charScales[e];
      let z = bias;
      for (let k = start; k < wordEnd; k++) z += weights[m.indices[k]] * ws;
      for (let k = wordEnd; k < end; k++) z += weights[m.indices[k]] * cs;
      const ex = examples[e];
      const g = (sigmoid(z) - ex.label) * classWeight[ex.label] * (ex.weight ?? 1);
      for (let k = start; k < end; k++) {
        const j = m.indices[k];
        const grad = g * (k < wordEnd ? ws : cs) + l2 * weights[j];
        squared[j] += grad * grad;
        weights[j] -= (rate * grad) / Math.sqrt(squared[j]);
      }
      biasSquared += g * g;
      bias -= (rate * g) / Math.sqrt(biasSquared);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    bits,
    bias,
    weights,
    threshold: options.threshold ?? 0.5,
    combiner: options.combiner ?? DEFAULT_COMBINER,
    metadata: { ...options.metadata, examples: examples.length, positives: examples.filter((e) => e.label === 1).length, epochs, trainSeconds: Number(seconds.toFixed(2)) },
  };
}
