import '@tensorflow/tfjs';
import { useCpuBackend, values } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanSquaredError } from './meanSquaredError';
import { TrainingError } from './TrainingError';

beforeAll(useCpuBackend);

describe('meanSquaredError', () => {
  it('matches hand-computed value and gradient 2(y − t)/N', () => {
    tf.tidy(() => {
      const y = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const t = tf.tensor2d([
        [0, 2],
        [5, 4],
      ]);
      const { value, grad } = meanSquaredError().valueAndGrad(y, t);
      // (1 + 0 + 4 + 0) / 4
      expect(values(value)[0]).toBeCloseTo(1.25, 6);
      expect(values(grad)).toEqual([0.5, 0, -1, 0]);
      expect(values(meanSquaredError().value(y, t))[0]).toBeCloseTo(1.25, 6);
    });
  });

  it('one-hot encodes class indices for [B, C] outputs', () => {
    tf.tidy(() => {
      const y = tf.tensor2d([
        [0.5, 0.5],
        [0, 1],
      ]);
      const { value } = meanSquaredError().valueAndGrad(y, tf.tensor1d([0, 1], 'int32'));
      expect(values(value)[0]).toBeCloseTo(0.125, 6);
    });
  });

  it('has the same gradient as tfjs autograd', () => {
    tf.tidy(() => {
      const y = tf.tensor2d([0.1, -2, 3.5, 7, 0, 1], [3, 2]);
      const t = tf.tensor2d([1, 1, 0, 0, -1, 2], [3, 2]);
      const loss = meanSquaredError();
      const auto = tf.grad((x: tf.Tensor) => loss.value(x, t))(y);
      const mine = values(loss.valueAndGrad(y, t).grad);
      values(auto).forEach((a, i) => {
        expect(mine[i]).toBeCloseTo(a, 6);
      });
    });
  });

  it('rejects targets of another shape', () => {
    tf.tidy(() => {
      expect(() => meanSquaredError().value(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(TrainingError);
    });
  });
});
