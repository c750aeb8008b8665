import * as tf from '@tensorflow/tfjs-core';
import { markBuiltinLoss } from './internal/builtins';
import { ensureFusedKernels } from './internal/kernels/registerFusedKernels';
import { fusedSoftmaxCrossEntropy } from './internal/kernels/runFusedKernels';
import { checkTargetShape, denseTargets } from './internal/targets';
import { TrainingError } from './TrainingError';
import type { Loss } from './types';

/** Options of {@link softmaxCrossEntropy}. */
export interface SoftmaxCrossEntropyOptions {
  /**
   * Label smoothing ε in `[0, 1)`: the target becomes `(1 − ε)·onehot + ε / C`. Defaults to `0`.
   */
  labelSmoothing?: number;
}

/**
 * Softmax cross-entropy from logits `[B, C]`, averaged over the batch.
 *
 * Labels are int32 class indices `[B]` or dense (one-hot / soft) targets `[B, C]`. The value is
 * computed with the max-subtraction log-sum-exp, so logits of ±1e4 give finite values and
 * gradients. `valueAndGrad` returns `(softmax(logits) − target) / B` computed by hand (no autograd).
 */
export function softmaxCrossEntropy(options: SoftmaxCrossEntropyOptions = {}): Loss {
  const smoothing = options.labelSmoothing ?? 0;
  if (!(Number.isFinite(smoothing) && smoothing >= 0 && smoothing < 1)) {
    throw new TrainingError('BAD_OPTION', `labelSmoothing must be in [0, 1), got ${smoothing}.`);
  }
  const name = 'softmaxCrossEntropy';

  /** Targets scaled by −1/B, so that `value = Σ target·logp` and `grad = softmax/B + target`. */
  function scaledTargets(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    if (logits.rank !== 2) {
      throw new TrainingError('BAD_BATCH', `${name}: logits must be [batch, classes], got [${logits.shape}].`);
    }
    const [batch, classes] = logits.shape as [number, number];
    const dense = denseTargets(labels, batch, classes, name);
    const scale = -(1 - smoothing) / batch;
    const scaled = tf.mul(dense, tf.scalar(scale));
    return smoothing > 0 ? tf.add(scaled, tf.scalar(-smoothing / classes / batch)) : scaled;
  }

  return markBuiltinLoss(
    {
      name,
      value(logits, labels) {
        return tf.tidy(() => {
          const target = scaledTargets(logits, labels);
          const shifted = tf.sub(logits, tf.max(logits, 1, true));
          const logp = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
          return tf.sum(tf.mul(target, logp));
        });
      },
      valueAndGrad(logits, labels) {
        if (ensureFusedKernels() && logits.rank === 2 && logits.dtype === 'float32') {
          // One kernel on cpu/wasm/webgl: value, gradient and the accuracy count (validated like the op path).
          const [batch, classes] = logits.shape as [number, number];
          checkTargetShape(labels, batch, classes, name);
          const labelsIn = labels.rank === 2 && labels.dtype !== 'float32' ? tf.cast(labels, 'float32') : labels;
          const result = fusedSoftmaxCrossEntropy(logits, labelsIn, smoothing);
          if (labelsIn !== labels) labelsIn.dispose();
          return result;
        }
        return tf.tidy(() => {
          const target = scaledTargets(logits, labels);
          const batch = logits.shape[0]!;
          const shifted = tf.sub(logits, tf.max(logits, 1, true));
          const exp = tf.exp(shifted);
          const sumExp = tf.sum(exp, 1, true);
          const logp = tf.sub(shifted, tf.log(sumExp));
          const value: tf.Scalar = tf.sum(tf.mul(target, logp));
          // softmax / B − target / B, with the −1/B already folded into `target`.
          const grad = tf.add(tf.div(exp, tf.mul(sumExp, tf.scalar(batch))), target);
          return { value, grad };
        });
      },
    },
    { kind: 'softmaxCrossEntropy', smoothing },
  );
}
