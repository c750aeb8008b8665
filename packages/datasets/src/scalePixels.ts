import { MNIST_MEAN, MNIST_STD, type Normalization, pixelLookupTable } from './pixelLookupTable';

/**
 * How pixel bytes become model inputs: the one definition every consumer uses — batching (`batches`,
 * `batchArrays`), evaluation, prediction — and that a saved model records, so that a model is always fed
 * inputs scaled the way it was trained.
 */
export interface PixelScaling {
  /** `'unit'`: `x / 255`; `'standardize'`: `(x / 255 − mean) / std`. */
  readonly normalize: Normalization;
  /** The mean subtracted by `'standardize'` (on the [0, 1] scale). */
  readonly mean: number;
  /** The standard deviation divided by in `'standardize'` (on the [0, 1] scale). */
  readonly std: number;
}

/** The inputs of `pixelScaling`: any of the three, as `batches` takes them. */
export interface PixelScalingOptions {
  /** Defaults to `'unit'`. */
  normalize?: Normalization;
  /** Defaults to `0.1307` (MNIST). */
  mean?: number;
  /** Defaults to `0.3081` (MNIST). */
  std?: number;
}

/** The resolved, validated scaling of `options` (throws `DatasetError('INVALID_OPTION')` for a bad one). */
export function pixelScaling(options: PixelScalingOptions = {}): PixelScaling {
  const scaling = {
    normalize: options.normalize ?? 'unit',
    mean: options.mean ?? MNIST_MEAN,
    std: options.std ?? MNIST_STD,
  };
  pixelLookupTable(scaling.normalize, scaling.mean, scaling.std); // validates
  return scaling;
}

/** Whether two scalings give the same inputs. */
export function sameScaling(a: PixelScaling, b: PixelScaling): boolean {
  return a.normalize === b.normalize && (a.normalize === 'unit' || (a.mean === b.mean && a.std === b.std));
}

/**
 * `bytes` (pixel values 0–255) as model inputs, through the same 256-entry table as the batches.
 * Writes into `out` when given (it must be as long as `bytes`).
 */
export function scalePixels(
  bytes: ArrayLike<number>,
  scaling: PixelScalingOptions = {},
  out: Float32Array = new Float32Array(bytes.length),
): Float32Array {
  const s = pixelScaling(scaling);
  const table = pixelLookupTable(s.normalize, s.mean, s.std);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]! & 255]!;
  return out;
}
