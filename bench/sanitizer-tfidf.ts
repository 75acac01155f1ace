// The benchmark anchor: TF-IDF (word 1-2 grams + char 3-5 grams, smooth idf, L2 per block) with
// logistic regression, the textbook baseline (sklearn TfidfVectorizer + LogisticRegression), in TypeScript.
import { seededRandom, type TrainingExample } from '../src/guard/sanitizer/train.js';

const WORD = /\b\w\w+\b/gu;

function wordGrams(text: string): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  const grams = [...words];
  for (let i = 1; i < words.length; i++) grams.push(`${words[i - 1]} ${words[i]}`);
  return grams;
}

function charGrams(text: string): string[] {
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  const grams: string[] = [];
  for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= t.length; i++) grams.push(t.slice(i, i + n));
  return grams;
}

interface Block {
  vocab: Map<string, number>;
  idf: Float64Array;
  offset: number;
}

function counts(grams: string[], vocab: Map<string, number>): Map<number, number> {
  const tf = new Map<number, number>();
  for (const g of grams) {
    const j = vocab.get(g);
    if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
  }
  return tf;
}

export class TfidfLogisticAnchor {
  private blocks: [Block, (t: string) => string[]][] = [];
  private weights = new Float64Array(0);
  private bias = 0;

  private vectorize(text: string): { idx: number[]; val: number[] } {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [block, grams] of this.blocks) {
      const tf = counts(grams(text), block.vocab);
      let norm = 0;
      for (const [j, c] of tf) norm += (c * block.idf[j]) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (const [j, c] of tf) {
        idx.push(block.offset + j);
        val.push((c * block.idf[j]) / norm);
      }
    }
    return { idx, val };
  }

  private buildBlock(texts: string[], grams: (t: string) => string[], offset: number, minDf: number): Block {
    const df = new Map<string, number>();
    for (const t of texts) for (const g of new Set(grams(t))) df.set(g, (df.get(g) ?? 0) + 1);
    const vocab = new Map<string, number>();
    const idfs: number[] = [];
    for (const [g, d] of df) {
      if (d < minDf) continue;
      vocab.set(g, vocab.size);
      idfs.push(Math.log((1 + texts.length) / (1 + d)) + 1);
    }
    return { vocab, idf: Float64Array.from(idfs), offset };
  }

  /** Fits the vocabulary and an L2-regularized logistic regression (C=1 equivalent, class-balanced). */
  fit(examples: TrainingExample[], epochs = 8, seed = 1): void {
    const texts = examples.map((e) => e.text);
    const words = this.buildBlock(texts, wordGrams, 0, 2);
    const chars = this.buildBlock(texts, charGrams, words.vocab.size, 2);
    this.blocks = [[words, wordGrams], [chars, charGrams]];
    const size = words.vocab.size + chars.vocab.size;
    this.weights = new Float64Array(size);
    const squared = new Float64Array(size).fill(1e-6);
    const vectors = texts.map((t) => this.vectorize(t));
    let positive = 0;
    for (const e of examples) if (e.label === 1) positive += e.weight ?? 1;
    const total = examples.reduce((s, e) => s + (e.weight ?? 1), 0);
    const classWeight = [total / (2 * (total - positive)), total / (2 * positive)];
    const l2 = 1 / total;
    const random = seededRandom(seed);
    const order = examples.map((_, i) => i);
    let biasSquared = 1e-6;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const e of order) {
        const { idx, val } = vectors[e];
        let z = this.bias;
        for (let k = 0; k < idx.length; k++) z += this.weights[idx[k]] * val[k];
        const g = (1 / (1 + Math.exp(-z)) - examples[e].label) * classWeight[examples[e].label] * (examples[e].weight ?? 1);
        for (let k = 0; k < idx.length; k++) {
          const j = idx[k];
          const grad = g * val[k] + l2 * this.weights[j];
          squared[j] += grad * grad;
          this.weights[j] -= (0.4 * grad) / Math.sqrt(squared[j]);
        }
        biasSquared += g * g;
        this.bias -= (0.4 * g) / Math.sqrt(biasSquared);
      }
    }
  }

  score(text: string): number {
    const { idx, val } = this.vectorize(text);
    let z = this.bias;
    for (let k = 0; k < idx.length; k++) z += this.weights[idx[k]] * val[k];
    return 1 / (1 + Math.exp(-z));
  }
}
