import { DatasetError } from '../DatasetError';
import { shuffledIndices } from '../shuffledIndices';
import type { Split } from '../types';
import { gatherRows } from './gatherRows';

/** Seed of the shuffle that picks the held-out test images: fixed, so a folder always splits the same way. */
export const HOLD_OUT_SEED = 0;

/** Share of the train images held out as the test split when the data has none. */
export const HOLD_OUT_FRACTION = 0.1;

/**
 * Splits `split` into train and test when the data has no test split of its own: the test split is
 * the last 10 % (at least 1 image) of a seeded shuffle ({@link HOLD_OUT_SEED}); both keep the rows'
 * original relative order.
 *
 * @param where names the data in the error for a single image (which cannot be split).
 */
export function holdOutTest(split: Split, where: string): { train: Split; test: Split; heldOut: number } {
  if (split.count < 2) {
    throw new DatasetError(
      'FILE_MISSING',
      `${where} has no test split and only ${split.count} training image to hold one out from: add a test split or more images.`,
      { file: where },
    );
  }
  const heldOut = Math.min(split.count - 1, Math.max(1, Math.round(split.count * HOLD_OUT_FRACTION)));
  const order = shuffledIndices(split.count, HOLD_OUT_SEED);
  const keep = split.count - heldOut;
  return {
    train: gatherRows(split, order.slice(0, keep).sort()),
    test: gatherRows(split, order.slice(keep).sort()),
    heldOut,
  };
}
