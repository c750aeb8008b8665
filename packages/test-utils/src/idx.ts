import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SyntheticSplit } from './syntheticSplits';

/** IDX bytes: magic 2051 with dims `[n, rows, cols]` (images) or 2049 with `[n]` (labels), then `body`. */
export function idxBytes(kind: 'images' | 'labels', body: ArrayLike<number>, dims: readonly number[]): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, kind === 'images' ? 2051 : 2049);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  out.set(body, header);
  return out;
}

/** The published names of the four MNIST files, by key (as `@mnist-kit/datasets` names them). */
export const MNIST_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Writes `train` and `test` into `dir` (created if needed) as the four gzipped MNIST files. */
export function writeIdxDataset(dir: string, splits: { train: SyntheticSplit; test: SyntheticSplit }): void {
  mkdirSync(dir, { recursive: true });
  for (const [prefix, split] of [
    ['train', splits.train],
    ['test', splits.test],
  ] as const) {
    const images = idxBytes('images', split.images, [split.count, split.rows, split.cols]);
    writeFileSync(join(dir, MNIST_FILE_NAMES[`${prefix}Images`]), gzipSync(images));
    writeFileSync(
      join(dir, MNIST_FILE_NAMES[`${prefix}Labels`]),
      gzipSync(idxBytes('labels', split.labels, [split.count])),
    );
  }
}
