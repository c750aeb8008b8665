// The same checks on the wasm backend, where kernels differ (e.g. OneHot only writes int32, and
// `adam` packs parameters differently because wasm `split` copies its whole input per piece).
import { createMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam } from './adam';
import { fit } from './fit';
import { sgd } from './sgd';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { compareWithReference, type Params64 } from './test-utils/optimizerHarness';
import { randomArray } from './test-utils/randomArray';
import { useWasmBackend, values } from './test-utils/setupBackend';
import { syntheticSplit } from './test-utils/syntheticSplit';

beforeAll(useWasmBackend);

describe('on the wasm backend', () => {
  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('softmaxCrossEntropy: hand-computed value and gradient, label smoothing, extreme logits', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([
        [1, 2, 3],
        [1, 1, 1],
      ]);
      const { value, grad } = softmaxCrossEntropy().valueAndGrad(logits, tf.tensor1d([2, 0], 'int32'));
      expect(values(value)[0]).toBeCloseTo(0.753109126556245, 6);
      expect(values(grad)[2]).toBeCloseTo((0.6652409557748219 - 1) / 2, 6);
      const smoothed = softmaxCrossEntropy({ labelSmoothing: 0.1 }).valueAndGrad(
        tf.tensor2d([
          [1e4, -1e4, 0],
          [-1e4, 1e4, 0],
        ]),
        tf.tensor1d([1, 1], 'int32'),
      );
      expect(values(smoothed.value).every(Number.isFinite)).toBe(true);
      expect(values(smoothed.grad).every(Number.isFinite)).toBe(true);
      // target row 1 = [0.0333, 0.9333, 0.0333]; softmax row 1 = [1, 0, 0]
      expect(values(smoothed.grad)[0]).toBeCloseTo((1 - 0.1 / 3) / 2, 6);
    });
  });

  it('adam and sgd match the PyTorch formulas with mixed parameter sizes', () => {
    const shapes = { big: [100, 50], b1: [7], small: [3, 5] };
    const init: Params64 = {};
    let seed = 1;
    for (const [name, shape] of Object.entries(shapes)) {
      init[name] = Array.from(
        randomArray(
          shape.reduce((a, b) => a * b, 1),
          seed++,
        ),
      );
    }
    const pytorchAdam = () => {
      const m: Params64 = {};
      const v: Params64 = {};
      return (p: Params64, g: Params64, t: number) => {
        for (const name of Object.keys(p)) {
          m[name] ??= p[name]!.map(() => 0);
          v[name] ??= p[name]!.map(() => 0);
          p[name] = p[name]!.map((param, i) => {
            const gi = g[name]![i]!;
            m[name]![i] = 0.9 * m[name]![i]! + 0.1 * gi;
            v[name]![i] = 0.999 * v[name]![i]! + 0.001 * gi * gi;
            const denom = Math.sqrt(v[name]![i]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
            return param - (0.01 / (1 - 0.9 ** t)) * (m[name]![i]! / denom);
          });
        }
      };
    };
    const opt = adam({ learningRate: 0.01 });
    expect(compareWithReference(opt, pytorchAdam(), 5, 1, { init: structuredClone(init), shapes })).toBeLessThan(1e-6);
    opt.dispose();
    const plain = sgd({ learningRate: 0.1 });
    const ref = (p: Params64, g: Params64) => {
      for (const name of Object.keys(p)) p[name] = p[name]!.map((x, i) => x - 0.1 * g[name]![i]!);
    };
    expect(compareWithReference(plain, ref, 3, 1, { init: structuredClone(init), shapes })).toBeLessThan(1e-6);
    plain.dispose();
  });

  it('fit is deterministic and leak-free with createMlp', async () => {
    const train = syntheticSplit(128, { rows: 8, cols: 8, classes: 4 });
    const run = async () => {
      const model = createMlp({ inputSize: 64, hiddenSizes: [32], outputSize: 4, dropout: 0.1, seed: 5 });
      const optimizer = adam({ learningRate: 0.01 });
      const counts: number[] = [];
      const history = await fit(model, train, {
        epochs: 3,
        batchSize: 32,
        optimizer,
        validation: train,
        callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
      });
      expect(new Set(counts).size).toBe(1);
      optimizer.dispose();
      model.dispose();
      return history.epochs.map((e) => e.trainLoss);
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a[2]).toBeLessThan(a[0]!);
  });
});
