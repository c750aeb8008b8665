import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMulTransposeA, matMulTransposeB, transposeMode } from './matMulTransposed';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('matMulTransposeA / matMulTransposeB', () => {
  const a = tf.tensor2d([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = tf.tensor2d([
    [1, -1],
    [2, 0.5],
  ]);
  const c = tf.tensor2d([
    [0, 1, 2],
    [3, -2, 1],
  ]);

  it('computes aᵀ·b and a·bᵀ the same way with explicit transposes and with matMul flags', () => {
    for (const mode of ['explicit', 'flag'] as const) {
      // aᵀ (3×2) · b (2×2)
      expect(matMulTransposeA(a, b, mode).arraySync()).toEqual([
        [9, 1],
        [12, 0.5],
        [15, 0],
      ]);
      // a (2×3) · cᵀ (3×2)
      expect(matMulTransposeB(a, c, mode).arraySync()).toEqual([
        [8, 2],
        [17, 8],
      ]);
    }
  });

  it('uses explicit transposes on cpu (its transposed matMul is the slow path)', () => {
    expect(transposeMode()).toBe('explicit');
    const before = tf.memory().numTensors;
    tf.tidy(() => matMulTransposeA(a, b)).dispose(); // the transpose is not left behind
    expect(tf.memory().numTensors).toBe(before);
  });
});
