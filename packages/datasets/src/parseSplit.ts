import { DatasetError } from './DatasetError';
import { parseIdx } from './parseIdx';
import type { Split } from './types';

/** Options of {@link parseSplit}. */
export interface ParseSplitOptions {
  /** Labels must be `< numClasses`. Defaults to `10`. */
  numClasses?: number;
  /** Name of the images file, for error messages. Defaults to `'images'`. */
  imagesFile?: string;
  /** Name of the labels file, for error messages. Defaults to `'labels'`. */
  labelsFile?: string;
}

/**
 * Parses one split from uncompressed IDX images and labels bytes: checks both files, that they hold
 * the same number of items, and that every label is in range. The split's arrays are views of the inputs.
 */
export function parseSplit(images: Uint8Array, labels: Uint8Array, options: ParseSplitOptions = {}): Split {
  const imagesFile = options.imagesFile ?? 'images';
  const labelsFile = options.labelsFile ?? 'labels';
  const numClasses = options.numClasses ?? 10;
  const img = parseIdx(images, { file: imagesFile, expect: 'images' });
  const lab = parseIdx(labels, { file: labelsFile, expect: 'labels' });
  if (img.count !== lab.count) {
    throw new DatasetError(
      'IDX_COUNT_MISMATCH',
      `${imagesFile} holds ${img.count} images but ${labelsFile} holds ${lab.count} labels.`,
      { file: labelsFile },
    );
  }
  const data = lab.data;
  for (let i = 0; i < data.length; i++) {
    const label = data[i]!;
    if (label >= numClasses) {
      throw new DatasetError(
        'LABEL_OUT_OF_RANGE',
        `${labelsFile}: label ${label} at index ${i} is out of range (expected 0…${numClasses - 1}).`,
        { file: labelsFile },
      );
    }
  }
  return { images: img.data, labels: lab.data, count: img.count, rows: img.rows, cols: img.cols };
}
