import type { ImagePreprocessing, Split } from '../types';

/** The splits and class names read from your own data (an image folder or CSVs), before they become a `Dataset`. */
export interface OwnData {
  train: Split;
  test: Split;
  /** One name per label: class-folder names (sorted) or `'0'`, `'1'`, … */
  classNames: string[];
  /** How outside images become 28 × 28 like these: the image folder's mode, `'digit'` for CSVs. */
  preprocessing: ImagePreprocessing;
  /** How many train images were held out as the test split; `undefined` when the data had its own. */
  heldOutTest: number | undefined;
}

/** The most classes your own data may have: labels are bytes, `0 … 254`. */
export const MAX_CLASSES = 255;
