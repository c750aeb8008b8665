import * as tf from '@tensorflow/tfjs-core';
import { DatasetError } from './DatasetError';
import { mulberry32 } from './internal/mulberry32';
import { requireInteger, requireRate, requireSeed } from './internal/requireOption';
import { shuffledIndices } from './shuffledIndices';
import type { Batch, Split } from './types';

/** MNIST's training-set pixel mean (on the [0, 1] scale), the default for `normalize: 'standardize'`. */
export const MNIST_MEAN = 0.1307;
/** MNIST's training-set pixel standard deviation (on the [0, 1] scale), the default for `normalize: 'standardize'`. */
export const MNIST_STD = 0.3081;

/** How pixel bytes become floats. */
export type Normalization = 'unit' | 'standardize';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Rows per batch (integer ≥ 1). Required. */
  batchSize: number;
  /** Visit rows in a seeded random order. Defaults to `true`. */
  shuffle?: boolean;
  /**
   * Shuffle seed: the same seed gives the same order on any machine, and every iteration of the
   * returned iterable repeats it (pass e.g. `seed + epoch` for a new order each epoch). Defaults to `0`.
   */
  seed?: number;
  /** Skip the last batch when it is smaller than `batchSize`. Defaults to `false`. */
  dropLast?: boolean;
  /** `'unit'`: `x / 255` in [0, 1]; `'standardize'`: `(x / 255 - mean) / std`. Defaults to `'unit'`. */
  normalize?: Normalization;
  /** Mean subtracted by `'standardize'` (on the [0, 1] scale). Defaults to `0.1307` (MNIST). */
  mean?: number;
  /** Standard deviation divided by in `'standardize'` (on the [0, 1] scale). Defaults to `0.3081` (MNIST). */
  std?: number;
  /** Labels as float32 one-hot rows `[B, numClasses]` instead of int32 indices `[B]`. Defaults to `false`. */
  oneHot?: boolean;
  /** Number of classes for `oneHot` (labels must be smaller). Defaults to `10`. */
  numClasses?: number;
  /**
   * Augmentation: mirror each image left–right with probability ½, drawn from `seed` (so runs
   * repeat exactly). Only for data where a mirrored image keeps its label — clothes (Fashion-MNIST)
   * yes, digits no. Use it on training batches only. Defaults to `false`.
   */
  flip?: boolean;
  /**
   * Augmentation: translate each image by a random whole number of pixels in `[-shift, shift]`
   * along each axis (seeded from `seed`; uncovered pixels become background 0). Use it on training
   * batches only. Defaults to `0` (off).
   */
  shift?: number;
  /**
   * Augmentation: input dropout — each pixel is set to 0 with probability `inputDropout` and the
   * others are divided by `1 − inputDropout` (so the expected input is unchanged), seeded from `seed`.
   * Use it on training batches only. A number in `[0, 1)`. Defaults to `0` (off).
   */
  inputDropout?: number;
}

/** What {@link batches} returns: iterate it (any number of times) for the batches of one pass. */
export interface BatchIterable extends Iterable<Batch> {
  /** Number of batches one iteration yields. */
  readonly length: number;
  /** Rows one iteration covers (`count`, or fewer with `dropLast`). */
  readonly rows: number;
}

/**
 * The 256-entry byte → float table used for scaling, so the hot loop is one lookup per pixel.
 * Exported for consumers that scale bytes themselves and want identical values.
 */
export function pixelLookupTable(
  normalize: Normalization = 'unit',
  mean: number = MNIST_MEAN,
  std: number = MNIST_STD,
): Float32Array {
  if (normalize !== 'unit' && normalize !== 'standardize') {
    throw new DatasetError('INVALID_OPTION', `normalize must be 'unit' or 'standardize', got ${String(normalize)}.`);
  }
  if (normalize === 'standardize' && !(std > 0 && Number.isFinite(mean))) {
    throw new DatasetError('INVALID_OPTION', `standardize needs a finite mean and std > 0, got ${mean}/${std}.`);
  }
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = normalize === 'unit' ? v / 255 : (v / 255 - mean) / std;
  return table;
}

/**
 * Mini-batches of `split` as tensors. Nothing is converted up front: each batch's `xs` and `ys` are
 * built when the iterator reaches it, from a fresh `Float32Array` filled through a lookup table.
 * The consumer owns each batch's tensors (dispose them, or create them inside `tf.tidy`).
 */
export function batches(split: Split, options: BatchOptions): BatchIterable {
  const {
    batchSize,
    shuffle = true,
    seed = 0,
    dropLast = false,
    oneHot = false,
    numClasses = 10,
    flip = false,
    shift = 0,
    inputDropout = 0,
  } = options;
  requireInteger('batchSize', batchSize, 1);
  requireInteger('shift', shift, 0);
  requireRate('inputDropout', inputDropout);
  requireSeed(seed);
  if (oneHot) requireInteger('numClasses', numClasses, 1);
  const table = pixelLookupTable(options.normalize, options.mean, options.std);
  const count = split.count;
  const length = dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
  const rows = dropLast ? length * batchSize : count;

  function* iterate(): Generator<Batch, void, undefined> {
    const order = shuffle ? shuffledIndices(count, seed) : undefined;
    // A separate stream from the shuffle's, so turning flips on does not change the order.
    const coin = flip ? mulberry32((seed ^ 0x5bd1e995) >>> 0) : undefined;
    const offsets = shift > 0 ? mulberry32((seed ^ 0x27d4eb2f) >>> 0) : undefined;
    const dropper = inputDropout > 0 ? mulberry32((seed ^ 0x165667b1) >>> 0) : undefined;
    const keepScale = 1 / (1 - inputDropout);
    const cols = split.cols;
    const rowsPerImage = split.rows;
    const pixels = split.rows * split.cols;
    const images = split.images;
    const labels = split.labels;
    for (let b = 0; b < length; b++) {
      const start = b * batchSize;
      const size = Math.min(batchSize, count - start);
      const xs = new Float32Array(size * pixels);
      const rowIndex = new Uint32Array(size);
      let o = 0;
      for (let r = 0; r < size; r++) {
        const row = order === undefined ? start + r : order[start + r]!;
        rowIndex[r] = row;
        const mirror = coin !== undefined && coin() < 0.5;
        if (offsets !== undefined) {
          // Translated (and maybe mirrored): read source pixel (y − dy, x − dx), background outside.
          const dx = Math.floor(offsets() * (2 * shift + 1)) - shift;
          const dy = Math.floor(offsets() * (2 * shift + 1)) - shift;
          const background = table[0]!;
          for (let y = 0; y < rowsPerImage; y++) {
            const sy = y - dy;
            for (let x = 0; x < cols; x++) {
              const sx = (mirror ? cols - 1 - x : x) - dx;
              xs[o++] =
                sy >= 0 && sy < rowsPerImage && sx >= 0 && sx < cols
                  ? table[images[row * pixels + sy * cols + sx]!]!
                  : background;
            }
          }
        } else if (mirror) {
          // Mirrored: each image row is copied right to left.
          for (let y = 0; y < rowsPerImage; y++) {
            const base = row * pixels + y * cols;
            for (let x = cols - 1; x >= 0; x--) xs[o++] = table[images[base + x]!]!;
          }
        } else {
          const end = (row + 1) * pixels;
          for (let s = row * pixels; s < end; s++) xs[o++] = table[images[s]!]!;
        }
      }
      if (dropper !== undefined) {
        for (let i = 0; i < xs.length; i++) xs[i] = dropper() < inputDropout ? 0 : xs[i]! * keepScale;
      }
      let ys: tf.Tensor1D | tf.Tensor2D;
      if (oneHot) {
        const hot = new Float32Array(size * numClasses);
        for (let r = 0; r < size; r++) {
          const label = labels[rowIndex[r]!]!;
          if (label >= numClasses) {
            throw new DatasetError(
              'LABEL_OUT_OF_RANGE',
              `label ${label} at row ${rowIndex[r]} is out of range for oneHot with numClasses ${numClasses}.`,
            );
          }
          hot[r * numClasses + label] = 1;
        }
        ys = tf.tensor2d(hot, [size, numClasses], 'float32');
      } else {
        const ints = new Int32Array(size);
        for (let r = 0; r < size; r++) ints[r] = labels[rowIndex[r]!]!;
        ys = tf.tensor1d(ints, 'int32');
      }
      yield { xs: tf.tensor2d(xs, [size, pixels], 'float32'), ys, size };
    }
  }

  return { length, rows, [Symbol.iterator]: iterate };
}
