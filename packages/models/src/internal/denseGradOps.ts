import * as tf from '@tensorflow/tfjs-core';
import { BIAS_GRAD, ensureWebglDenseGradKernels, RELU_GRAD } from './webglDenseGradKernels';

/** `dy ⊙ step(y)`: the gradient through a ReLU whose output is `y` (one pass on webgl). */
export function reluGrad<T extends tf.Tensor>(dy: T, y: T): T {
  if (ensureWebglDenseGradKernels(tf.getBackend())) return tf.engine().runKernel(RELU_GRAD, { dy, y }) as T;
  return tf.mul(dy, tf.step(y));
}

/** A Dense layer's bias gradient: `dz` `[batch, units]` summed over the batch (one pass on webgl). */
export function biasGrad(dz: tf.Tensor2D): tf.Tensor1D {
  if (ensureWebglDenseGradKernels(tf.getBackend())) return tf.engine().runKernel(BIAS_GRAD, { dz }) as tf.Tensor1D;
  return tf.sum(dz, 0);
}
