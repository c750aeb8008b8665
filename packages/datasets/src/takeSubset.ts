import { DatasetError } from './DatasetError';
import { gatherRows } from './internal/gatherRows';
import { shuffledIndices } from './shuffledIndices';
import type { Split } from './types';

/**
 * The first `n` rows of `split` (views, no copy), or with a `seed` a seeded random sample of `n` rows
 * (copied, original relative order kept). `n ≥ split.count` returns `split` itself.
 *
 * @param seed when given, sample at random instead of taking the first rows. Defaults to `undefined`.
 */
export function takeSubset(split: Split, n: number, seed?: number): Split {
  if (!Number.isInteger(n) || n < 0) {
    throw new DatasetError('INVALID_OPTION', `subset size must be an integer ≥ 0, got ${n}.`);
  }
  if (n >= split.count) return split;
  if (seed === undefined) {
    const pixels = split.rows * split.cols;
    return {
      images: split.images.subarray(0, n * pixels),
      labels: split.labels.subarray(0, n),
      count: n,
      rows: split.rows,
      cols: split.cols,
    };
  }
  return gatherRows(split, shuffledIndices(split.count, seed).slice(0, n).sort());
}
