import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';

/**
 * Dense float32 targets `[B, C]` from labels that are either class indices `[B]` or already dense
 * `[B, C]` (one-hot or soft). `oneHot` runs in int32 and is cast afterwards: the wasm backend's
 * OneHot kernel only writes int32 (float `onValue`/`offValue` come out as zeros there).
 */
export function denseTargets(labels: tf.Tensor, batchSize: number, numClasses: number, lossName: string): tf.Tensor {
  checkTargetShape(labels, batchSize, numClasses, lossName);
  if (labels.rank === 1) {
    const indices = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
    return tf.cast(tf.oneHot(indices, numClasses), 'float32');
  }
  return labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
}

/** Throws `BAD_BATCH` unless labels are class indices `[B]` or targets `[B, C]`. Creates no tensor. */
export function checkTargetShape(labels: tf.Tensor, batchSize: number, numClasses: number, lossName: string): void {
  if (labels.rank === 1) {
    if (labels.shape[0] !== batchSize) {
      throw new TrainingError(
        'BAD_BATCH',
        `${lossName}: labels [${labels.shape}] do not match a batch of ${batchSize} outputs.`,
      );
    }
    return;
  }
  if (labels.rank === 2 && labels.shape[0] === batchSize && labels.shape[1] === numClasses) return;
  throw new TrainingError(
    'BAD_BATCH',
    `${lossName}: labels must be class indices [${batchSize}] or targets [${batchSize},${numClasses}], got [${labels.shape}].`,
  );
}
