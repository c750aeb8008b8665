import { maxAbsDiff, randomArray } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { adam } from '../../adam';
import { softmaxCrossEntropy } from '../../softmaxCrossEntropy';
import { ADAM_KERNEL, SOFTMAX_CE_KERNEL } from './kernelNames';
import { ensureFusedKernels, setFusedKernelsEnabled } from './registerFusedKernels';

afterEach(() => setFusedKernelsEnabled(true));

/** Runs `steps` Adam steps from a fixed start, fused or with plain tfjs-core ops; returns final params. */
function runAdam(fused: boolean, options: Parameters<typeof adam>[0], steps = 5): Float32Array[] {
  setFusedKernelsEnabled(fused);
  const params = {
    w: tf.variable(tf.tensor2d(randomArray(6 * 4, 1), [6, 4])),
    b: tf.variable(tf.tensor1d(randomArray(4, 2))),
  };
  const optimizer = adam(options);
  for (let s = 0; s < steps; s++) {
    const grads = {
      w: tf.tensor2d(randomArray(6 * 4, 10 + s), [6, 4]),
      b: tf.tensor1d(randomArray(4, 20 + s)),
    };
    optimizer.step(params, grads);
    tf.dispose(Object.values(grads));
  }
  const out = [params.w.dataSync() as Float32Array, params.b.dataSync() as Float32Array];
  optimizer.dispose();
  tf.dispose(Object.values(params));
  return out;
}

describeBackends(['cpu', 'wasm'], () => {
  describe('fused kernels', () => {
    it('are used on this backend', () => {
      expect(ensureFusedKernels()).toBe(true);
      expect(tf.getKernel(ADAM_KERNEL, tf.getBackend())).toBeDefined();
      expect(tf.getKernel(SOFTMAX_CE_KERNEL, tf.getBackend())).toBeDefined();
      setFusedKernelsEnabled(false);
      expect(ensureFusedKernels()).toBe(false);
    });

    it.each([
      ['plain', {}],
      ['L2 weight decay', { weightDecay: 0.1 }],
      ['AdamW', { weightDecay: 0.1, decoupled: true, learningRate: 0.01 }],
    ])('Adam (%s) matches the tfjs-core op path', (_label, options) => {
      const fused = runAdam(true, options);
      const ops = runAdam(false, options);
      expect(maxAbsDiff(fused[0]!, ops[0]!)).toBeLessThan(1e-6);
      expect(maxAbsDiff(fused[1]!, ops[1]!)).toBeLessThan(1e-6);
    });

    it.each([
      ['class indices', 0, false],
      ['class indices with label smoothing', 0.1, false],
      ['one-hot targets', 0, true],
    ])('softmax cross-entropy (%s) matches the op path, even at ±1e4', (_label, labelSmoothing, dense) => {
      const logits = tf.tensor2d([1, 2, 3, -1e4, 0, 1e4, 0.5, 0.5, 0.5, 7, -3, 2], [4, 3]);
      const indices = tf.tensor1d([2, 0, 1, 0], 'int32');
      const labels = dense ? tf.cast(tf.oneHot(indices, 3), 'float32') : indices;
      const loss = softmaxCrossEntropy({ labelSmoothing });
      setFusedKernelsEnabled(true);
      const fused = loss.valueAndGrad(logits, labels);
      setFusedKernelsEnabled(false);
      const ops = loss.valueAndGrad(logits, labels);
      const fusedValue = fused.value.dataSync()[0]!;
      expect(Number.isFinite(fusedValue)).toBe(true);
      expect(fusedValue).toBeCloseTo(ops.value.dataSync()[0]!, 3);
      expect(maxAbsDiff(fused.grad.dataSync(), ops.grad.dataSync())).toBeLessThan(1e-6);
      // Rows 0 and 3 are right; row 1 (argmax 2 ≠ 0) and row 2 (a tie: argmax 0 ≠ 1) are wrong.
      expect(fused.correct?.dataSync()[0]).toBe(2);
      tf.dispose([logits, indices, labels, ...Object.values(fused), ...Object.values(ops)]);
    });
  });
});
