import '@tensorflow/tfjs';
import { randomArray } from '@mnist-kit/test-utils';
import { describeBackends, values } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { TrainingError } from './TrainingError';

function expectClose(actual: number[], expected: number[], tolerance = 1e-6) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tolerance);
  });
}

// On wasm the kernels differ (e.g. OneHot only writes int32), so the same spec runs there too.
describeBackends(['cpu', 'wasm'], () => {
  describe('softmaxCrossEntropy', () => {
    const logits = () =>
      tf.tensor2d([
        [1, 2, 3],
        [1, 1, 1],
      ]);
    // Row 1: log(e¹ + e² + e³) − 3 = 0.4076059644; row 2: log 3 = 1.0986122887.
    const expectedValue = 0.753109126556245;
    const softmaxRow1 = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219];
    const expectedGrad = [
      softmaxRow1[0]! / 2,
      softmaxRow1[1]! / 2,
      (softmaxRow1[2]! - 1) / 2,
      (1 / 3 - 1) / 2,
      1 / 3 / 2,
      1 / 3 / 2,
    ];

    it('matches hand-computed value and gradient for int32 labels', () => {
      tf.tidy(() => {
        const loss = softmaxCrossEntropy();
        const labels = tf.tensor1d([2, 0], 'int32');
        const { value, grad } = loss.valueAndGrad(logits(), labels);
        expect(value.rank).toBe(0);
        expectClose(values(value), [expectedValue], 5e-7);
        expectClose(values(grad), expectedGrad, 5e-7);
        expectClose(values(loss.value(logits(), labels)), [expectedValue]);
      });
    });

    it('accepts one-hot labels and float class indices', () => {
      tf.tidy(() => {
        const loss = softmaxCrossEntropy();
        const oneHot = tf.tensor2d([
          [0, 0, 1],
          [1, 0, 0],
        ]);
        const { value, grad } = loss.valueAndGrad(logits(), oneHot);
        expectClose(values(value), [expectedValue]);
        expectClose(values(grad), expectedGrad);
        expectClose(values(loss.value(logits(), tf.tensor1d([2, 0]))), [expectedValue]);
      });
    });

    it('stays finite for logits of ±1e4', () => {
      tf.tidy(() => {
        const loss = softmaxCrossEntropy();
        const extreme = tf.tensor2d([
          [1e4, -1e4, 0],
          [-1e4, 1e4, 0],
        ]);
        const labels = tf.tensor1d([1, 1], 'int32');
        const { value, grad } = loss.valueAndGrad(extreme, labels);
        // Row 1: lse = 1e4, loss = 1e4 − (−1e4) = 2e4; row 2: 0.
        expectClose(values(value), [1e4], 1e-3);
        expectClose(values(grad), [0.5, -0.5, 0, 0, 0, 0]);
        expectClose(values(loss.value(extreme, labels)), [1e4], 1e-3);
        const smoothed = softmaxCrossEntropy({ labelSmoothing: 0.1 }).valueAndGrad(extreme, labels);
        expect(values(smoothed.value).every(Number.isFinite)).toBe(true);
        expect(values(smoothed.grad).every(Number.isFinite)).toBe(true);
        // target row 1 = [0.0333, 0.9333, 0.0333]; softmax row 1 = [1, 0, 0]
        expect(values(smoothed.grad)[0]).toBeCloseTo((1 - 0.1 / 3) / 2, 6);
      });
    });

    it('applies label smoothing as (1 − ε)·onehot + ε/C', () => {
      tf.tidy(() => {
        const eps = 0.1;
        const z = [
          [1, 2, 3],
          [1, 1, 1],
        ];
        const labels = [2, 0];
        let expected = 0;
        const grad: number[] = [];
        z.forEach((row, r) => {
          const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
          row.forEach((v, c) => {
            const target = (c === labels[r] ? 1 - eps : 0) + eps / 3;
            expected -= (target * (v - lse)) / 2;
            grad.push((Math.exp(v - lse) - target) / 2);
          });
        });
        const { value, grad: g } = softmaxCrossEntropy({ labelSmoothing: eps }).valueAndGrad(
          logits(),
          tf.tensor1d(labels, 'int32'),
        );
        expectClose(values(value), [expected]);
        expectClose(values(g), grad);
      });
    });

    it('has the same gradient as tfjs autograd of value()', () => {
      tf.tidy(() => {
        for (const labelSmoothing of [0, 0.2]) {
          const loss = softmaxCrossEntropy({ labelSmoothing });
          const z = tf.tensor2d(randomArray(8 * 10, 3, 5), [8, 10]);
          const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 9], 'int32');
          const auto = tf.grad((x: tf.Tensor) => loss.value(x, labels))(z);
          const { grad } = loss.valueAndGrad(z, labels);
          expectClose(values(grad), values(auto));
        }
      });
    });

    it('creates no leaked tensors', () => {
      const loss = softmaxCrossEntropy({ labelSmoothing: 0.1 });
      const z = logits();
      const labels = tf.tensor1d([2, 0], 'int32');
      const before = tf.memory().numTensors;
      // Every tensor valueAndGrad returns (value, grad and, on cpu/wasm, correct) belongs to the caller.
      const result = loss.valueAndGrad(z, labels);
      const v = loss.value(z, labels);
      expect(tf.memory().numTensors).toBe(before + Object.keys(result).length + 1);
      tf.dispose([...Object.values(result), v, z, labels]);
      expect(tf.memory().numTensors).toBe(before - 2);
    });

    it('rejects bad options and labels', () => {
      expect(() => softmaxCrossEntropy({ labelSmoothing: 1 })).toThrow(TrainingError);
      tf.tidy(() => {
        const error = (() => {
          try {
            softmaxCrossEntropy().value(logits(), tf.tensor1d([1, 2, 0], 'int32'));
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(TrainingError);
        expect((error as TrainingError).code).toBe('BAD_BATCH');
      });
    });
  });
});
