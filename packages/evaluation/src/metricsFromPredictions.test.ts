import { thrownBy } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import { createMetricsAccumulator } from './createMetricsAccumulator';
import { EvaluationError } from './EvaluationError';
import { metricsFromPredictions } from './metricsFromPredictions';

// Five classes; class 3 is only ever predicted (never true), class 4 never occurs at all.
//   index:       0    1    2    3    4    5    6    7    8     9
const trueLabels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const predictedLabels = [0, 0, 1, 2, 1, 1, 0, 2, 3, 2];
const confidences = [0.9, 0.9, 0.6, 0.7, 0.9, 0.9, 0.8, 0.9, 0.95, 0.9];
const losses = [0.1, 0.2, 1.5, 1.0, 0.1, 0.3, 1.2, 0.2, 2.0, 0.4];
const topKHits = [1, 1, 1, 0, 1, 1, 1, 1, 0, 1];
const predictions = { trueLabels, predictedLabels, confidences, losses, topKHits };

describe('metricsFromPredictions', () => {
  const m = metricsFromPredictions({ ...predictions, topK: 2, numClasses: 5, classNames: ['a', 'b', 'c', 'd', 'e'] });

  it('counts the confusion matrix (rows = true, columns = predicted)', () => {
    expect(m.count).toBe(10);
    expect(m.confusionMatrix).toEqual([
      [2, 1, 1, 0, 0],
      [1, 2, 0, 0, 0],
      [0, 0, 2, 1, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(m.accuracy).toBe(6 / 10);
  });

  it('computes per-class precision, recall, F1 with zero division giving 0', () => {
    // class 0: tp 2, predicted 3 times, support 4 → P 2/3, R 1/2, F1 = 2·2/(2·2 + 1 + 2) = 4/7
    // class 1: tp 2, predicted 3 times, support 3 → P 2/3, R 2/3, F1 2/3
    // class 2: tp 2, predicted 3 times, support 3 → P 2/3, R 2/3, F1 2/3
    // class 3: tp 0, predicted once, support 0 → P 0, R 0/0 → 0, F1 0
    // class 4: never seen → all 0
    const expected = [
      { label: 0, name: 'a', precision: 2 / 3, recall: 1 / 2, f1: 4 / 7, support: 4 },
      { label: 1, name: 'b', precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
      { label: 2, name: 'c', precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
      { label: 3, name: 'd', precision: 0, recall: 0, f1: 0, support: 0 },
      { label: 4, name: 'e', precision: 0, recall: 0, f1: 0, support: 0 },
    ];
    expect(m.perClass).toHaveLength(5);
    m.perClass.forEach((c, i) => {
      const e = expected[i]!;
      expect(c.label).toBe(e.label);
      expect(c.name).toBe(e.name);
      expect(c.support).toBe(e.support);
      expect(c.precision).toBeCloseTo(e.precision, 12);
      expect(c.recall).toBeCloseTo(e.recall, 12);
      expect(c.f1).toBeCloseTo(e.f1, 12);
    });
  });

  it('averages macro-F1 over classes that occur as true or predicted label (sklearn default labels)', () => {
    // classes 0..3 occur (3 only as a prediction); class 4 does not.
    expect(m.macroF1).toBeCloseTo((4 / 7 + 2 / 3 + 2 / 3 + 0) / 4, 12);
  });

  it('reports mean loss and top-k accuracy', () => {
    expect(m.loss).toBeCloseTo(7.0 / 10, 12);
    expect(m.topK).toBe(2);
    expect(m.topKAccuracy).toBe(8 / 10);
  });

  it('lists the most confused pairs, most frequent first, ties in row-major order', () => {
    expect(m.mostConfused).toEqual([
      { trueLabel: 0, predictedLabel: 1, count: 1 },
      { trueLabel: 0, predictedLabel: 2, count: 1 },
      { trueLabel: 1, predictedLabel: 0, count: 1 },
      { trueLabel: 2, predictedLabel: 3, count: 1 },
    ]);
    const capped = metricsFromPredictions({
      trueLabels: [0, 0, 0, 1, 1],
      predictedLabels: [1, 1, 2, 0, 0],
      numClasses: 3,
      mostConfused: 2,
    });
    expect(capped.mostConfused).toEqual([
      { trueLabel: 0, predictedLabel: 1, count: 2 },
      { trueLabel: 1, predictedLabel: 0, count: 2 },
    ]);
  });

  it('lists misclassified examples by confidence, highest first, capped', () => {
    expect(m.misclassified).toEqual([
      { index: 8, trueLabel: 2, predictedLabel: 3, confidence: 0.95 },
      { index: 6, trueLabel: 1, predictedLabel: 0, confidence: 0.8 },
      { index: 3, trueLabel: 0, predictedLabel: 2, confidence: 0.7 },
      { index: 2, trueLabel: 0, predictedLabel: 1, confidence: 0.6 },
    ]);
    const capped = metricsFromPredictions({
      trueLabels,
      predictedLabels,
      confidences,
      numClasses: 5,
      maxMisclassified: 2,
    });
    expect(capped.misclassified.map((e) => e.index)).toEqual([8, 6]);
  });

  it('leaves out loss, top-k and confidences when not given', () => {
    const plain = metricsFromPredictions({ trueLabels: [1, 0], predictedLabels: [0, 0], numClasses: 2 });
    expect(plain.loss).toBeUndefined();
    expect(plain.topK).toBeUndefined();
    expect(plain.topKAccuracy).toBeUndefined();
    expect(plain.misclassified).toEqual([{ index: 0, trueLabel: 1, predictedLabel: 0 }]);
    expect(plain.perClass[0]!.name).toBeUndefined();
    // class 0: P 1/2, R 1 → F1 2/3; class 1: P 0/0 → 0, R 0 → F1 0
    expect(plain.macroF1).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it('gives a perfect score for perfect predictions', () => {
    const perfect = metricsFromPredictions({ trueLabels: [0, 1, 2], predictedLabels: [0, 1, 2], numClasses: 3 });
    expect(perfect.accuracy).toBe(1);
    expect(perfect.macroF1).toBe(1);
    expect(perfect.mostConfused).toEqual([]);
    expect(perfect.misclassified).toEqual([]);
  });

  it('accepts typed arrays', () => {
    const typed = metricsFromPredictions({
      trueLabels: Uint8Array.from(trueLabels),
      predictedLabels: Int32Array.from(predictedLabels),
      topKHits: topKHits.map(Boolean),
      topK: 2,
      numClasses: 5,
    });
    expect(typed.accuracy).toBe(0.6);
    expect(typed.topKAccuracy).toBe(0.8);
  });

  it.each([
    ['EMPTY_SPLIT', { trueLabels: [], predictedLabels: [], numClasses: 3 }],
    ['LABEL_OUT_OF_RANGE', { trueLabels: [0, 3], predictedLabels: [0, 1], numClasses: 3 }],
    ['LABEL_OUT_OF_RANGE', { trueLabels: [0, 1], predictedLabels: [0, -1], numClasses: 3 }],
    ['LABEL_OUT_OF_RANGE', { trueLabels: [0, 1.5], predictedLabels: [0, 1], numClasses: 3 }],
    ['INVALID_SPLIT', { trueLabels: [0, 1], predictedLabels: [0], numClasses: 3 }],
    ['INVALID_SPLIT', { trueLabels: [0, 1], predictedLabels: [0, 1], losses: [1], numClasses: 3 }],
    ['INVALID_OPTION', { trueLabels: [0], predictedLabels: [0], topKHits: [1], numClasses: 3 }],
    ['INVALID_OPTION', { trueLabels: [0], predictedLabels: [0], numClasses: 1 }],
    ['INVALID_OPTION', { trueLabels: [0], predictedLabels: [0], numClasses: 3, classNames: ['a'] }],
    ['INVALID_OPTION', { trueLabels: [0], predictedLabels: [0], numClasses: 3, topK: 4, topKHits: [1] }],
  ])('throws EvaluationError %s', (code, input) => {
    const error = thrownBy(() => metricsFromPredictions(input));
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe(code);
    expect((error as EvaluationError).name).toBe('EvaluationError');
  });
});

describe('createMetricsAccumulator', () => {
  it('gives the same metrics fed in batches as all at once', () => {
    const acc = createMetricsAccumulator({ numClasses: 5, topK: 2 });
    for (const [start, end] of [
      [0, 3],
      [3, 7],
      [7, 10],
    ] as const) {
      acc.add({
        trueLabels: trueLabels.slice(start, end),
        predictedLabels: predictedLabels.slice(start, end),
        confidences: confidences.slice(start, end),
        losses: losses.slice(start, end),
        topKHits: topKHits.slice(start, end),
      });
    }
    expect(acc.count).toBe(10);
    const whole = metricsFromPredictions({ ...predictions, topK: 2, numClasses: 5 });
    const batched = acc.result();
    expect({ ...batched, loss: undefined }).toEqual({ ...whole, loss: undefined });
    expect(batched.loss).toBeCloseTo(whole.loss!, 12);
  });

  it('keeps only the most confident mistakes across many batches', () => {
    const acc = createMetricsAccumulator({ numClasses: 2, maxMisclassified: 3 });
    // 50 batches of 10 mistakes; confidence rises with the index; the last batch ties the best.
    for (let b = 0; b < 50; b++) {
      const n = 10;
      const conf = Array.from({ length: n }, (_, i) => (b * n + i) / 1000);
      acc.add({ trueLabels: new Array(n).fill(0), predictedLabels: new Array(n).fill(1), confidences: conf });
    }
    acc.add({ trueLabels: [0, 0], predictedLabels: [1, 1], confidences: [0.499, 0.499] });
    expect(acc.result().misclassified.map((e) => [e.index, e.confidence])).toEqual([
      [499, 0.499],
      [500, 0.499],
      [501, 0.499],
    ]);
  });

  it('ignores a rejected batch', () => {
    const acc = createMetricsAccumulator({ numClasses: 2 });
    acc.add({ trueLabels: [0], predictedLabels: [0] });
    expect(() => acc.add({ trueLabels: [0, 1], predictedLabels: [1, 2] })).toThrow(EvaluationError);
    expect(acc.count).toBe(1);
    expect(acc.result().confusionMatrix).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });
});
