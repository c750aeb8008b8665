import * as tf from '@tensorflow/tfjs-core';
import { type ArrayBatchOptions, batchArrays } from './batchArrays';
import { DatasetError } from './DatasetError';
import { requireInteger } from './internal/requireOption';
import type { Batch, Split } from './types';

/** Options of {@link batches}: those of `batchArrays` (order, scaling, augmentation) plus the label format. */
export interface BatchOptions extends Omit<ArrayBatchOptions, 'into'> {
  /** Labels as float32 one-hot rows `[B, numClasses]` instead of int32 indices `[B]`. Defaults to `false`. */
  oneHot?: boolean;
  /** Number of classes for `oneHot` (labels must be smaller). Defaults to `10`. */
  numClasses?: number;
}

/** What {@link batches} returns: iterate it (any number of times) for the batches of one pass. */
export interface BatchIterable extends Iterable<Batch> {
  /** Number of batches one iteration yields. */
  readonly length: number;
  /** Rows one iteration covers (`count`, or fewer with `dropLast`). */
  readonly rows: number;
}

/**
 * Mini-batches of `split` as tensors. Nothing is converted up front: each batch's `xs` and `ys` are
 * built when the iterator reaches it (by {@link batchArrays}: seeded order, lookup-table scaling,
 * augmentation). The consumer owns each batch's tensors (dispose them, or create them inside `tf.tidy`).
 */
export function batches(split: Split, options: BatchOptions): BatchIterable {
  const { oneHot = false, numClasses = 10, ...arrayOptions } = options;
  if (oneHot) requireInteger('numClasses', numClasses, 1);
  const arrays = batchArrays(split, arrayOptions);
  const pixels = split.rows * split.cols;

  function* iterate(): Generator<Batch, void, undefined> {
    for (const { xs, labels, size } of arrays) {
      let ys: tf.Tensor1D | tf.Tensor2D;
      if (oneHot) {
        const hot = new Float32Array(size * numClasses);
        for (let r = 0; r < size; r++) {
          const label = labels[r]!;
          if (label >= numClasses) {
            throw new DatasetError(
              'LABEL_OUT_OF_RANGE',
              `label ${label} in a batch is out of range for oneHot with numClasses ${numClasses}.`,
            );
          }
          hot[r * numClasses + label] = 1;
        }
        ys = tf.tensor2d(hot, [size, numClasses], 'float32');
      } else {
        ys = tf.tensor1d(labels, 'int32');
      }
      yield { xs: tf.tensor2d(xs, [size, pixels], 'float32'), ys, size };
    }
  }

  return { length: arrays.length, rows: arrays.rows, [Symbol.iterator]: iterate };
}
