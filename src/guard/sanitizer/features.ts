// Hashed word 1-2 grams and character 3-5 grams of normalized text (binary: each distinct feature
// once), written into a reusable typed buffer. Collisions are accepted; the hash space is 2^bits.

const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x5bd1e995;
const CHAR_SEED = 0x27d4eb2f;
const CHAR_MIN = 3;
const CHAR_MAX = 5;

/** Distinct feature indices of one text: word features first, then character features. */
export class FeatureBuffer {
  indices: Int32Array;
  wordCount = 0;
  charCount = 0;
  /** Features written so far for the current text. */
  count = 0;
  /** stamp[i] === generation marks index i as already emitted for the current text (no Set needed). */
  stamp = new Uint32Array(0);
  generation = 0;

  constructor(capacity = 4096) {
    this.indices = new Int32Array(capacity);
  }

  get length(): number {
    return this.wordCount + this.charCount;
  }

  /** Scale applied to every word feature, so each group has roughly unit L2 norm. */
  get wordScale(): number {
    return this.wordCount > 0 ? 1 / Math.sqrt(this.wordCount) : 0;
  }

  get charScale(): number {
    return this.charCount > 0 ? 1 / Math.sqrt(this.charCount) : 0;
  }

  /** Starts a new text: a fresh generation makes every stamp stale in O(1). */
  begin(bits: number): Uint32Array {
    if (this.stamp.length !== 1 << bits) {
      this.stamp = new Uint32Array(1 << bits);
      this.generation = 0;
    }
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.stamp;
  }

  /** Appends feature index f unless the current text already has it (binary features). */
  add(f: number): void {
    if (this.stamp[f] === this.generation) return;
    this.stamp[f] = this.generation;
    this.indices[this.count++] = f;
  }

  ensure(capacity: number): void {
    if (capacity <= this.indices.length) return;
    const grown = new Int32Array(Math.max(capacity, this.indices.length * 2));
    grown.set(this.indices.subarray(0, this.length));
    this.indices = grown;
  }
}

/** Murmur3's finalizer: spreads FNV's weak low bits before masking to the hash space. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90) || (c > 127 && c !== 0x3000 && c !== 0xa0);
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Fills `out` with the hashed features of already-normalized text. */
export function extractFeatures(text: string, bits: number, out: FeatureBuffer): void {
  const mask = (1 << bits) - 1;
  const n = text.length;
  // Upper bound: every char starts a word and a bigram, plus three char n-grams.
  out.ensure(n * 5 + 8);
  out.begin(bits);
  out.count = 0;

  let wordHash = WORD_SEED;
  let inWord = false;
  let prevWord = 0;
  let havePrev = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (isWordCode(c)) {
      wordHash = Math.imul(wordHash ^ c, FNV_PRIME);
      inWord = true;
      continue;
    }
    if (!inWord) continue;
    const uni = mix(wordHash);
    out.add(uni & mask);
    if (havePrev) out.add(mix(Math.imul(prevWord ^ BIGRAM_SEED, FNV_PRIME) ^ uni) & mask);
    prevWord = uni;
    havePrev = true;
    inWord = false;
    wordHash = WORD_SEED;
  }
  out.wordCount = out.count;

  // Character n-grams over the text with whitespace runs collapsed to one space.
  let c1 = 32, c2 = 32, c3 = 32, c4 = 32; // the four previous codes, c1 most recent
  let seen = 1; // a virtual leading space marks the start of the first word
  let lastSpace = true;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (isSpaceCode(c)) {
      if (lastSpace) continue;
      c = 32;
      lastSpace = true;
    } else {
      lastSpace = false;
    }
    seen++;
    if (seen >= CHAR_MIN) {
      let h = Math.imul(CHAR_SEED ^ c, FNV_PRIME);
      h = Math.imul(h ^ c1, FNV_PRIME);
      h = Math.imul(h ^ c2, FNV_PRIME);
      out.add(mix(h) & mask);
      if (seen >= CHAR_MIN + 1) {
        h = Math.imul(h ^ c3, FNV_PRIME);
        out.add(mix(h ^ 0x9e3779b9) & mask);
        if (seen >= CHAR_MAX) {
          h = Math.imul(h ^ c4, FNV_PRIME);
          out.add(mix(h ^ 0x7f4a7c15) & mask);
        }
      }
    }
    c4 = c3;
    c3 = c2;
    c2 = c1;
    c1 = c;
  }
  out.charCount = out.count - out.wordCount;
}

/** The word unigrams of normalized text with their hash index, for explaining a score. */
export function wordFeatures(text: string, bits: number): { word: string; index: number }[] {
  const mask = (1 << bits) - 1;
  const words: { word: string; index: number }[] = [];
  let start = -1;
  let wordHash = WORD_SEED;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordCode(c)) {
      if (start < 0) start = i;
      wordHash = Math.imul(wordHash ^ c, FNV_PRIME);
      continue;
    }
    if (start < 0) continue;
    words.push({ word: text.slice(start, i), index: mix(wordHash) & mask });
    start = -1;
    wordHash = WORD_SEED;
  }
  return words;
}
