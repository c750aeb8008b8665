import { DatasetError } from '../DatasetError';
import type { Split } from '../types';

/**
 * The checks every dataset passes, for splits built from your own data (image folders, CSVs):
 * consistent lengths, every label `< numClasses`, and test images of the train images' size.
 * Errors name `trainFile` / `testFile`.
 */
export function checkOwnSplits(
  train: Split,
  test: Split,
  numClasses: number,
  trainFile: string,
  testFile: string,
): void {
  for (const [split, file] of [
    [train, trainFile],
    [test, testFile],
  ] as const) {
    if (split.images.length !== split.count * split.rows * split.cols || split.labels.length !== split.count) {
      throw new DatasetError(
        'IDX_COUNT_MISMATCH',
        `${file}: ${split.labels.length} labels and ${split.images.length} pixel bytes for ${split.count} ` +
          `${split.rows}×${split.cols} images.`,
        { file },
      );
    }
    for (let i = 0; i < split.labels.length; i++) {
      const label = split.labels[i]!;
      if (label >= numClasses) {
        throw new DatasetError(
          'LABEL_OUT_OF_RANGE',
          `${file}: label ${label} at index ${i} is out of range (expected 0…${numClasses - 1}).`,
          { file },
        );
      }
    }
  }
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DatasetError(
      'IDX_BAD_DIMS',
      `${testFile}: test images are ${test.rows}×${test.cols} but train images (${trainFile}) are ${train.rows}×${train.cols}.`,
      { file: testFile },
    );
  }
}
