import * as tf from '@tensorflow/tfjs-core';

/**
 * Number of rows whose argmax matches the label, as a float32 scalar on the device (no sync), or
 * `undefined` when outputs are not `[B, C ≥ 2]` class scores with `[B]` indices or `[B, C]` targets.
 */
export function countCorrect(output: tf.Tensor, labels: tf.Tensor): tf.Scalar | undefined {
  if (output.rank !== 2 || output.shape[1]! < 2) return undefined;
  let truth: tf.Tensor;
  if (labels.rank === 1 && labels.shape[0] === output.shape[0]) {
    truth = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
  } else if (labels.rank === 2 && tf.util.arraysEqual(labels.shape, output.shape)) {
    truth = tf.argMax(labels, 1);
  } else {
    return undefined;
  }
  return tf.sum(tf.cast(tf.equal(tf.argMax(output, 1), truth), 'float32')) as tf.Scalar;
}
