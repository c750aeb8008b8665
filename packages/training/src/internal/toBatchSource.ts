import { batches, type Split } from '@mnist-kit/datasets';
import { TrainingError } from '../TrainingError';
import type { BatchSource, SplitBatchOptions } from '../types';
import { shuffleSeed } from './seeds';

/** Whether `x` looks like a `Split` (raw bytes in memory) rather than a `BatchSource`. */
export function isSplit(x: unknown): x is Split {
  const s = x as Partial<Split> | null;
  return typeof s === 'object' && s !== null && s.images instanceof Uint8Array && typeof s.count === 'number';
}

/** `x` as a batch source: a `Split` is batched with `batches`, reshuffled per epoch from `seed`. */
export function toBatchSource(
  x: unknown,
  what: string,
  options: { batchSize: number; shuffle: boolean; seed: number; split?: SplitBatchOptions },
): BatchSource {
  if (isSplit(x)) {
    const { batchSize, shuffle, seed } = options;
    const base = { ...options.split, batchSize, shuffle };
    const length = batches(x, { ...base, seed: 0 }).length;
    return { length, batches: (epoch) => batches(x, { ...base, seed: shuffleSeed(seed, epoch) }) };
  }
  const source = x as Partial<BatchSource> | null;
  if (typeof source === 'object' && source !== null && typeof source.batches === 'function') {
    return source as BatchSource;
  }
  throw new TrainingError('BAD_OPTION', `${what} must be a Split or a BatchSource ({ batches(epoch) }).`);
}
