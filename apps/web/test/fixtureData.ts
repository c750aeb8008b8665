// The web tests' fixtures (apps/web/src tests import them from here too), from @mnist-kit/test-utils.
import { blockSplit, MNIST_FILE_NAMES, mulberry32, writeIdxDataset } from '@mnist-kit/test-utils';

/** The four MNIST file names, in the loader's order. */
export const DATA_FILES = [
  MNIST_FILE_NAMES.trainImages,
  MNIST_FILE_NAMES.trainLabels,
  MNIST_FILE_NAMES.testImages,
  MNIST_FILE_NAMES.testLabels,
] as const;

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export const prng = mulberry32;

/**
 * A small learnable MNIST-format split: image of class k is a bright 6×6 block at slot k (five
 * columns, two rows, jittered by ±1 px) over dim noise. Labels cycle 0…9 in a shuffled order.
 */
export const syntheticSplit = blockSplit;

/** Writes a synthetic dataset as the four gzipped MNIST files into `dir`. */
export function writeFixtureDataset(dir: string, options: { train?: number; test?: number; seed?: number } = {}): void {
  const { train = 2000, test = 500, seed = 1 } = options;
  writeIdxDataset(dir, { train: blockSplit(train, seed), test: blockSplit(test, seed + 1) });
}
