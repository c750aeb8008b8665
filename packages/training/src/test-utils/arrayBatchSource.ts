import * as tf from '@tensorflow/tfjs-core';
import type { BatchSource } from '../types';

/** A plain `BatchSource` over in-memory arrays (no shuffling), optionally async. */
export function arrayBatchSource(
  xs: Float32Array,
  ys: Int32Array,
  { batchSize, features, async = false }: { batchSize: number; features: number; async?: boolean },
): BatchSource & { readonly length: number } {
  const count = ys.length;
  const length = Math.ceil(count / batchSize);
  function* sync() {
    for (let start = 0; start < count; start += batchSize) {
      const size = Math.min(batchSize, count - start);
      yield {
        xs: tf.tensor2d(xs.subarray(start * features, (start + size) * features), [size, features]),
        ys: tf.tensor1d(ys.subarray(start, start + size), 'int32'),
      };
    }
  }
  async function* asyncBatches() {
    for (const batch of sync()) {
      await Promise.resolve();
      yield batch;
    }
  }
  return { length, batches: () => (async ? asyncBatches() : sync()) };
}
