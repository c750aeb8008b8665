import { DatasetError } from './DatasetError';

/** MNIST's training-set pixel mean (on the [0, 1] scale), the default for `normalize: 'standardize'`. */
export const MNIST_MEAN = 0.1307;
/** MNIST's training-set pixel standard deviation (on the [0, 1] scale), the default for `normalize: 'standardize'`. */
export const MNIST_STD = 0.3081;

/** How pixel bytes become floats. */
export type Normalization = 'unit' | 'standardize';

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
