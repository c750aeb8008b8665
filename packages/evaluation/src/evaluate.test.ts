import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { EvaluationError } from './EvaluationError';
import { evaluate } from './evaluate';
import type { EvaluableModel, LabeledImages } from './types';

// 1×3 "images" with 3 classes. The fake model's logits are the pixels scaled to [0, 10], so the
// prediction is the brightest pixel.
const pixels = [
  [255, 128, 0], // 0: label 0 → predicted 0, top-2 {0,1} hit
  [0, 255, 128], // 1: label 2 → predicted 1, top-2 {1,2} hit
  [128, 0, 255], // 2: label 1 → predicted 2, top-2 {2,0} miss
  [0, 0, 255], //   3: label 2 → predicted 2
  [255, 0, 64], //  4: label 1 → predicted 0, top-2 {0,2} miss
  [64, 255, 0], //  5: label 1 → predicted 1
  [200, 100, 50], // 6: label 0 → predicted 0
];
const labels = [0, 2, 1, 2, 1, 1, 0];
const split: LabeledImages = {
  images: Uint8Array.from(pixels.flat()),
  labels: Uint8Array.from(labels),
  count: 7,
  rows: 1,
  cols: 3,
};
const scaleModel: EvaluableModel = { forward: (x) => tf.mul(x, 10) };

/** Cross-entropy and max softmax probability of one row, in float64, from the definition. */
function reference(row: number[], label: number) {
  const z = row.map((p) => (p / 255) * 10);
  const sumExp = z.reduce((s, v) => s + Math.exp(v), 0);
  return { loss: -Math.log(Math.exp(z[label]!) / sumExp), confidence: Math.exp(Math.max(...z)) / sumExp };
}

// The same spec on every backend: kernels differ (e.g. wasm's OneHot writes only int32).
describeBackends(['cpu', 'wasm'], (backend) => {
  describe('evaluate', () => {
    it('measures a fake model exactly', async () => {
      const result = await evaluate(scaleModel, split, { numClasses: 3, topK: 2, batchSize: 3 });
      expect(result.count).toBe(7);
      expect(result.accuracy).toBe(4 / 7);
      expect(result.confusionMatrix).toEqual([
        [2, 0, 0],
        [1, 1, 1],
        [0, 1, 1],
      ]);
      expect(result.topK).toBe(2);
      expect(result.topKAccuracy).toBe(5 / 7);
      const expectedLoss = pixels.reduce((s, row, i) => s + reference(row, labels[i]!).loss, 0) / 7;
      expect(result.loss).toBeCloseTo(expectedLoss, 5);
      // class 0: P 2/3, R 1, F1 4/5; class 1: P 1/2, R 1/3, F1 2/5; class 2: P 1/2, R 1/2, F1 1/2
      expect(result.perClass.map((c) => c.support)).toEqual([2, 3, 2]);
      expect(result.perClass.map((c) => c.f1)).toEqual([4 / 5, 2 / 5, 1 / 2]);
      expect(result.macroF1).toBeCloseTo((4 / 5 + 2 / 5 + 1 / 2) / 3, 12);
      expect(result.mostConfused).toEqual([
        { trueLabel: 1, predictedLabel: 0, count: 1 },
        { trueLabel: 1, predictedLabel: 2, count: 1 },
        { trueLabel: 2, predictedLabel: 1, count: 1 },
      ]);
      const mistakes = [1, 2, 4].map((i) => ({
        index: i,
        trueLabel: labels[i]!,
        predictedLabel: [1, 2, 0][[1, 2, 4].indexOf(i)]!,
        confidence: reference(pixels[i]!, labels[i]!).confidence,
      }));
      mistakes.sort((a, b) => b.confidence - a.confidence);
      expect(result.misclassified.map((m) => [m.index, m.trueLabel, m.predictedLabel])).toEqual(
        mistakes.map((m) => [m.index, m.trueLabel, m.predictedLabel]),
      );
      result.misclassified.forEach((m, i) => {
        expect(m.confidence).toBeCloseTo(mistakes[i]!.confidence, 5);
      });
    });

    it('gives the same result whatever the batch size', async () => {
      const base = await evaluate(scaleModel, split, { numClasses: 3, topK: 2, batchSize: 7 });
      for (const batchSize of [1, 2, 3, 4, 1000]) {
        const other = await evaluate(scaleModel, split, { numClasses: 3, topK: 2, batchSize });
        expect({ ...other, loss: 0 }).toEqual({ ...base, loss: 0 });
        expect(other.loss).toBeCloseTo(base.loss, 6);
      }
    });

    it('feeds batches of pixels/255 with training: false, the last batch smaller', async () => {
      const calls: Array<{ shape: number[]; values: number[]; training: boolean }> = [];
      const model: EvaluableModel = {
        forward: (x, options) => {
          calls.push({ shape: x.shape, values: Array.from(x.dataSync()), training: options.training });
          return tf.mul(x, 10);
        },
      };
      await evaluate(model, split, { numClasses: 3, batchSize: 3 });
      expect(calls.map((c) => c.shape)).toEqual([
        [3, 3],
        [3, 3],
        [1, 3],
      ]);
      expect(calls.every((c) => c.training === false)).toBe(true);
      expect(calls[2]!.values).toEqual([200, 100, 50].map((p) => Math.fround(p / 255)));
    });

    it('stays stable for huge logits', async () => {
      const model: EvaluableModel = { forward: (x) => tf.mul(x, 1e4) };
      const result = await evaluate(model, split, { numClasses: 3 });
      expect(Number.isFinite(result.loss)).toBe(true);
      expect(result.accuracy).toBe(4 / 7);
      // Correct rows cost ~0; each wrong row costs (max - true logit): rows 1, 2 and 4.
      const wrongCost = (1e4 * (255 - 128 + (255 - 0) + (255 - 0))) / 255;
      expect(result.loss).toBeCloseTo(wrongCost / 7, 0);
    });

    it('uses default options: top-3, 5 pairs, 100 mistakes, 10 classes', async () => {
      const tenClass: LabeledImages = {
        images: new Uint8Array(4 * 10),
        labels: Uint8Array.from([0, 1, 9, 0]),
        count: 4,
        rows: 2,
        cols: 5,
      };
      const result = await evaluate(
        { forward: (x) => tf.add(x, tf.tensor1d([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])) },
        tenClass,
      );
      expect(result.topK).toBe(3);
      expect(result.confusionMatrix).toHaveLength(10);
      expect(result.accuracy).toBe(0.5);
      expect(result.loss).toBeCloseTo((2 * Math.log(Math.E + 9) + 2 * (Math.log(Math.E + 9) - 1)) / 4, 5);
    });

    it('does not leak tensors, also when it fails', async () => {
      await evaluate(scaleModel, split, { numClasses: 3, batchSize: 2 }); // warm up
      const before = tf.memory().numTensors;
      await evaluate(scaleModel, split, { numClasses: 3, batchSize: 2 });
      expect(tf.memory().numTensors).toBe(before);
      await expect(
        evaluate({ forward: (x) => tf.slice(x, [0, 0], [-1, 2]) }, split, { numClasses: 3 }),
      ).rejects.toThrow(EvaluationError);
      await expect(
        evaluate(
          {
            forward: () => {
              throw new Error('boom');
            },
          },
          split,
          { numClasses: 3 },
        ),
      ).rejects.toThrow('boom');
      expect(tf.memory().numTensors).toBe(before);
    });

    it.each([
      ['EMPTY_SPLIT', { ...split, images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }, {}],
      ['INVALID_SPLIT', { ...split, count: 6 }, {}],
      ['INVALID_SPLIT', { ...split, labels: new Uint8Array(3) }, {}],
      ['LABEL_OUT_OF_RANGE', { ...split, labels: Uint8Array.from([0, 1, 2, 3, 0, 0, 0]) }, {}],
      ['INVALID_OPTION', split, { batchSize: 0 }],
      ['INVALID_OPTION', split, { topK: 4 }],
      ['INVALID_OPTION', split, { classNames: ['a', 'b'] }],
      ['BAD_MODEL_OUTPUT', split, { numClasses: 4 }],
    ] as const)('throws %s', async (code, badSplit, options) => {
      await expect(evaluate(scaleModel, badSplit, { numClasses: 3, ...options })).rejects.toMatchObject({
        name: 'EvaluationError',
        code,
      });
    });
  });

  describe('evaluate feeds the model inputs scaled as it was trained', () => {
    /** A model that records what it was fed. */
    function recordingModel(pixelScaling?: EvaluableModel['pixelScaling']) {
      const seen: number[] = [];
      const model: EvaluableModel = {
        pixelScaling,
        forward: (x) => {
          seen.push(...x.dataSync());
          return tf.mul(x, 10);
        },
      };
      return { model, seen };
    }

    it("takes numClasses and classNames from the model's config (a @mnist-kit/models model records them)", async () => {
      const named: EvaluableModel = { ...scaleModel, config: { outputSize: 3, classNames: ['red', 'green', 'blue'] } };
      const result = await evaluate(named, split);
      expect(result.confusionMatrix).toHaveLength(3);
      expect(result.perClass.map((c) => c.name)).toEqual(['red', 'green', 'blue']);
      // Told otherwise, the options win; a model without names gives none.
      const unnamed = await evaluate({ ...scaleModel, config: { outputSize: 3, classNames: null } }, split);
      expect(unnamed.perClass.map((c) => c.name)).toEqual([undefined, undefined, undefined]);
      const renamed = await evaluate(named, split, { classNames: ['r', 'g', 'b'] });
      expect(renamed.perClass[2]!.name).toBe('b');
    });

    it("uses the model's pixelScaling (standardize), not x / 255", async () => {
      const scaling = { normalize: 'standardize', mean: 0.5, std: 0.25 } as const;
      const { model, seen } = recordingModel(scaling);
      await evaluate(model, split, { numClasses: 3 });
      const expected = pixels.flat().map((v) => Math.fround((v / 255 - 0.5) / 0.25));
      expect(seen).toEqual(expected);
    });

    it('defaults to x / 255; an explicit pixelScaling option wins', async () => {
      const plain = recordingModel();
      await evaluate(plain.model, split, { numClasses: 3 });
      expect(plain.seen).toEqual(pixels.flat().map((v) => Math.fround(v / 255)));
      const overridden = recordingModel({ normalize: 'standardize', mean: 0.5, std: 0.25 });
      await evaluate(overridden.model, split, { numClasses: 3, pixelScaling: { normalize: 'unit' } });
      expect(overridden.seen).toEqual(pixels.flat().map((v) => Math.fround(v / 255)));
    });
  });

  if (backend !== 'cpu') {
    /** A fixed linear model: logits = x · W with W[j][c] = ((j * 7 + c * 3) % 11 − 5) / 10. */
    const linearModel = (): EvaluableModel => {
      const w = tf.tensor2d(
        Array.from({ length: 4 * 3 }, (_, k) => ((Math.floor(k / 3) * 7 + (k % 3) * 3) % 11) / 10 - 0.5),
        [4, 3],
      );
      return { forward: (x) => tf.matMul(x, w) };
    };
    const grey: LabeledImages = {
      images: Uint8Array.from({ length: 12 * 4 }, (_, k) => (k * 37) % 256),
      labels: Uint8Array.from({ length: 12 }, (_, i) => i % 3),
      count: 12,
      rows: 2,
      cols: 2,
    };

    it(`gives the same loss and accuracy on ${backend} as on cpu (wasm OneHot is used in int32)`, async () => {
      await tf.setBackend('cpu');
      const onCpu = await evaluate(linearModel(), grey, { numClasses: 3, topK: 2, batchSize: 5 });
      await tf.setBackend(backend);
      const onBackend = await evaluate(linearModel(), grey, { numClasses: 3, topK: 2, batchSize: 5 });
      expect(onCpu.loss).toBeGreaterThan(0.5);
      expect(onBackend.loss).toBeCloseTo(onCpu.loss, 5);
      expect(onBackend.accuracy).toBe(onCpu.accuracy);
      expect(onBackend.confusionMatrix).toEqual(onCpu.confusionMatrix);
    });
  }
});
