import { DatasetError } from './DatasetError';
import { gatherRows } from './internal/gatherRows';
import { shuffledIndices } from './shuffledIndices';
import type { Split } from './types';

/**
 * Holds out a seeded random `fraction` of `split` (rounded to whole rows) as a validation set.
 * Both results are copies (new `Uint8Array`s) and keep the rows' original relative order.
 *
 * @param fraction share of rows for validation, in `[0, 1)`.
 * @param seed shuffle seed. Defaults to `0`.
 */
export function splitValidation(split: Split, fraction: number, seed = 0): { train: Split; validation: Split } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new DatasetError('INVALID_OPTION', `validation fraction must be in [0, 1), got ${fraction}.`);
  }
  const order = shuffledIndices(split.count, seed);
  const validationCount = Math.round(split.count * fraction);
  const validation = order.slice(0, validationCount).sort();
  const train = order.slice(validationCount).sort();
  return { train: gatherRows(split, train), validation: gatherRows(split, validation) };
}
