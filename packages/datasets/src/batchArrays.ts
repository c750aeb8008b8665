import { DatasetError } from './DatasetError';
import { mulberry32 } from './internal/mulberry32';
import { requireInteger, requireRate, requireSeed } from './internal/requireOption';
import { type Normalization, pixelLookupTable } from './pixelLookupTable';
import { shuffledIndices } from './shuffledIndices';
import type { Split } from './types';

/** One mini-batch as plain arrays (what {@link batches} turns into tensors). */
export interface ArrayBatch {
  /** Pixels, `size × rows·cols` floats, scaled (and augmented) as the options say. */
  xs: Float32Array;
  /** Class index per row. */
  labels: Int32Array;
  /** Rows in this batch (the last batch may be smaller unless `dropLast`). */
  size: number;
}

/** Options of {@link batchArrays} (and of {@link batches}, which adds the label format). */
export interface ArrayBatchOptions {
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
  /**
   * Arrays every batch is written into (at least `batchSize × rows·cols` and `batchSize` long), e.g.
   * views of a training engine's memory; each yielded batch's `xs`/`labels` are then views of them,
   * valid until the next batch. Defaults to fresh arrays per batch.
   */
  into?: { xs: Float32Array; labels: Int32Array };
}

/** What {@link batchArrays} returns: iterate it (any number of times) for the batches of one pass. */
export interface ArrayBatchIterable extends Iterable<ArrayBatch> {
  /** Number of batches one iteration yields. */
  readonly length: number;
  /** Rows one iteration covers (`count`, or fewer with `dropLast`). */
  readonly rows: number;
}

/**
 * Mini-batches of `split` as plain `Float32Array`/`Int32Array`s — the one place where pixel bytes
 * become model inputs: seeded order, scaling through a lookup table, and the augmentations (`flip`,
 * `shift`, `inputDropout`). {@link batches} wraps each one in tensors; a consumer with its own memory
 * (a training engine) passes `into` and gets no allocation per batch.
 */
export function batchArrays(split: Split, options: ArrayBatchOptions): ArrayBatchIterable {
  const {
    batchSize,
    shuffle = true,
    seed = 0,
    dropLast = false,
    flip = false,
    shift = 0,
    inputDropout = 0,
    into,
  } = options;
  requireInteger('batchSize', batchSize, 1);
  requireInteger('shift', shift, 0);
  requireRate('inputDropout', inputDropout);
  requireSeed(seed);
  const table = pixelLookupTable(options.normalize, options.mean, options.std);
  const count = split.count;
  const length = dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
  const rows = dropLast ? length * batchSize : count;
  const pixels = split.rows * split.cols;
  if (into !== undefined && (into.xs.length < batchSize * pixels || into.labels.length < batchSize)) {
    throw new DatasetError(
      'INVALID_OPTION',
      `into must hold ${batchSize} rows of ${pixels} pixels and ${batchSize} labels.`,
    );
  }

  function* iterate(): Generator<ArrayBatch, void, undefined> {
    const order = shuffle ? shuffledIndices(count, seed) : undefined;
    // A separate stream from the shuffle's, so turning flips on does not change the order.
    const coin = flip ? mulberry32((seed ^ 0x5bd1e995) >>> 0) : undefined;
    const offsets = shift > 0 ? mulberry32((seed ^ 0x27d4eb2f) >>> 0) : undefined;
    const dropper = inputDropout > 0 ? mulberry32((seed ^ 0x165667b1) >>> 0) : undefined;
    const keepScale = 1 / (1 - inputDropout);
    const cols = split.cols;
    const rowsPerImage = split.rows;
    const images = split.images;
    const labels = split.labels;
    for (let b = 0; b < length; b++) {
      const start = b * batchSize;
      const size = Math.min(batchSize, count - start);
      const xs = into === undefined ? new Float32Array(size * pixels) : into.xs.subarray(0, size * pixels);
      const ys = into === undefined ? new Int32Array(size) : into.labels.subarray(0, size);
      let o = 0;
      for (let r = 0; r < size; r++) {
        const row = order === undefined ? start + r : order[start + r]!;
        ys[r] = labels[row]!;
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
      yield { xs, labels: ys, size };
    }
  }

  return { length, rows, [Symbol.iterator]: iterate };
}
