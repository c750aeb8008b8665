import * as tf from '@tensorflow/tfjs-core';
import { ADAM_KERNEL, type AdamKernelAttrs, SOFTMAX_CE_KERNEL } from './kernelNames';

/** One fused Adam update of one parameter: returns `[p, M, V]` (new tensors). */
export function fusedAdam(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamKernelAttrs): tf.Tensor[] {
  return tf.engine().runKernel(ADAM_KERNEL, { p, g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/** Fused softmax cross-entropy: `{ grad, value, correct }` from logits and labels. */
export function fusedSoftmaxCrossEntropy(
  logits: tf.Tensor,
  labels: tf.Tensor,
  smoothing: number,
): { grad: tf.Tensor; value: tf.Scalar; correct: tf.Scalar } {
  const [grad, value, correct] = tf.engine().runKernel(SOFTMAX_CE_KERNEL, { logits, labels }, {
    smoothing,
  } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { grad: grad!, value: value as tf.Scalar, correct: correct as tf.Scalar };
}
