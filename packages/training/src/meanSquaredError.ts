import * as tf from '@tensorflow/tfjs-core';
import { denseTargets } from './internal/targets';
import { TrainingError } from './TrainingError';
import type { Loss } from './types';

/**
 * Mean squared error over all `N` elements of the output: `mean((y − t)²)`, gradient `2(y − t)/N`.
 *
 * Targets have the output's shape. For a `[B, C]` output, int32 class indices `[B]` are accepted
 * too and one-hot encoded (MSE on one-hot targets, as in the classic MNIST MLP tutorials).
 */
export function meanSquaredError(): Loss {
  const name = 'meanSquaredError';

  function targets(output: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    if (output.rank === 2 && labels.rank === 1) {
      return denseTargets(labels, output.shape[0]!, output.shape[1]!, name);
    }
    if (!tf.util.arraysEqual(output.shape, labels.shape)) {
      throw new TrainingError(
        'BAD_BATCH',
        `${name}: targets [${labels.shape}] do not match outputs [${output.shape}].`,
      );
    }
    return labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  }

  return {
    name,
    value(output, labels) {
      return tf.tidy(() => tf.mean(tf.square(tf.sub(output, targets(output, labels)))));
    },
    valueAndGrad(output, labels) {
      return tf.tidy(() => {
        const diff = tf.sub(output, targets(output, labels));
        const value: tf.Scalar = tf.mean(tf.square(diff));
        const grad = tf.mul(diff, tf.scalar(2 / output.size));
        return { value, grad };
      });
    },
  };
}
