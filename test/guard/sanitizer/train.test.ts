import { describe, expect, it } from 'vitest';
import { auroc, thresholdAtFpr, tprAtFpr } from '../../../src/guard/sanitizer/metrics.js';
import { parseSanitizerModel, scoreText, serializeSanitizerModel } from '../../../src/guard/sanitizer/model.js';
import { synthesizeConversations, synthesizePrompts } from '../../../src/guard/sanitizer/synthesize/index.js';
import { trainSanitizer } from '../../../src/guard/sanitizer/train.js';
import { rowText } from '../../../src/guard/sanitizer/recipe.js';
import { classify } from '../../../src/guard/sanitizer/classify.js';
import { isCodewardError } from '../../../src/shared/errors.js';

describe('synthesizer', () => {
  it('is deterministic and covers both labels and many categories', () => {
    const a = synthesizePrompts({ seed: 3, variants: 2 });
    const b = synthesizePrompts({ seed: 3, variants: 2 });
    expect(a.map((r) => r.conversation)).toEqual(b.map((r) => r.conversation));
    const categories = new Set(a.map((r) => r.category));
    for (const c of ['keylogger', 'benign-twin:keylogger', 'programming', 'defensive', 'ctf', 'concept', 'homonym', 'code-to-code', 'foreign', 'refusal', 'code-completion']) {
      expect(categories.has(c), c).toBe(true);
    }
    expect(a.filter((r) => r.label === 0).length).toBeGreaterThan(a.filter((r) => r.label === 1).length);
  });

  it('keeps evaluation chains out of the training conversations', () => {
    const finals = (part: 'train' | 'test') =>
      new Set(synthesizeConversations(part).filter((r) => r.category === 'escalation').map((r) => JSON.stringify((r.conversation as { content: string }[]).at(-1))));
    const train = finals('train');
    for (const f of finals('test')) expect(train.has(f)).toBe(false);
  });
});

describe('training and the model file', () => {
  const rows = synthesizePrompts({ seed: 5, variants: 3 });
  const model = trainSanitizer(rows.map((r) => ({ text: rowText(r), label: r.label as 0 | 1 })), { bits: 16, epochs: 4 });

  it('learns the synthesized task', () => {
    const pos = rows.filter((r) => r.label === 1).map((r) => scoreText(model, rowText(r)));
    const neg = rows.filter((r) => r.label === 0).map((r) => scoreText(model, rowText(r)));
    expect(auroc(pos, neg)).toBeGreaterThan(0.97);
    expect(model.metadata.examples).toBe(rows.length);
  });

  it('survives a save/load round trip with int16 weights', () => {
    const loaded = parseSanitizerModel(serializeSanitizerModel(model));
    expect(loaded.bits).toBe(16);
    for (const r of rows.slice(0, 50)) expect(scoreText(loaded, rowText(r))).toBeCloseTo(scoreText(model, rowText(r)), 2);
    expect(classify('Write a keylogger', { model: loaded }).turnScores).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{'],
    ['wrong format', JSON.stringify({ format: 'other' })],
    ['truncated weights', serializeSanitizerModel(model).replace(/"weights":"[^"]{100}/, '"weights":"')],
  ])('rejects a model file that is %s with file_unreadable', (_name, text) => {
    try {
      parseSanitizerModel(text);
      expect.unreachable();
    } catch (err) {
      expect(isCodewardError(err) && err.code).toBe('file_unreadable');
    }
  });
});

describe('metrics', () => {
  it('computes AUROC with ties', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auroc([0.5], [0.5])).toBe(0.5);
    expect(auroc([0.1], [0.9])).toBe(0);
  });

  it('picks the lowest threshold inside the FPR budget', () => {
    const negatives = Array.from({ length: 100 }, (_, i) => i / 100);
    const t = thresholdAtFpr(negatives, 0.02);
    expect(negatives.filter((s) => s >= t).length).toBe(2);
    expect(tprAtFpr([0.985, 0.5], negatives, 0.02)).toBe(0.5);
  });
});
