import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';
import type { BatchLike } from '../types';

/** Validates a batch from a source and fills in `size`; a bad batch's tensors are disposed. */
export function checkBatch(batch: BatchLike, epoch: number, step: number): Required<BatchLike> {
  const b = batch as Partial<BatchLike> | null;
  if (typeof b !== 'object' || b === null || !(b.xs instanceof tf.Tensor) || !(b.ys instanceof tf.Tensor)) {
    if (typeof b === 'object' && b !== null) {
      tf.dispose([b.xs, b.ys].filter((t): t is tf.Tensor => t instanceof tf.Tensor));
    }
    throw new TrainingError(
      'BAD_BATCH',
      `fit: epoch ${epoch}, step ${step}: a batch must be { xs, ys, size? } tensors.`,
      {
        epoch,
        step,
      },
    );
  }
  const size = b.size ?? b.xs.shape[0] ?? 1;
  return { xs: b.xs, ys: b.ys, size };
}
