import type { Split } from '../types';

/** A new split holding copies of the rows `indices` of `split`, in that order. */
export function gatherRows(split: Split, indices: ArrayLike<number>): Split {
  const pixels = split.rows * split.cols;
  const count = indices.length;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const row = indices[i]!;
    images.set(split.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    labels[i] = split.labels[row]!;
  }
  return { images, labels, count, rows: split.rows, cols: split.cols };
}
