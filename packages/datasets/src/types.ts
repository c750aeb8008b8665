import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/** The four files of an MNIST-format dataset. */
export type DatasetFileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/** Names of the built-in MNIST-format datasets. */
export type DatasetName = 'mnist' | 'fashion-mnist' | 'kmnist';

/** One split (train or test) held in memory as raw bytes: no float32 copy of the whole split. */
export interface Split {
  /** Pixel bytes, `count × rows × cols`, row-major, 0 = background. */
  images: Uint8Array;
  /** Class index per image, `0 … numClasses-1`. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels (28 for MNIST). */
  rows: number;
  /** Image width in pixels (28 for MNIST). */
  cols: number;
}

/**
 * How a local folder's data is laid out: the four MNIST-format IDX files, an image folder per class
 * (`train/<class>/*.png`, torchvision's `ImageFolder` layout), or Kaggle "Digit Recognizer" CSVs.
 */
export type DatasetLayout = 'idx' | 'image-folder' | 'csv';

/** A loaded dataset: its train and test splits. */
export interface Dataset {
  /**
   * The registry name (`'mnist'`, `'fashion-mnist'`, `'kmnist'`) or, for your own data (an image
   * folder, CSVs, or IDX files loaded without a `name`), the data folder's base name.
   */
  name: string;
  train: Split;
  test: Split;
  /** Where the bytes came from. */
  source: 'download' | 'cache' | 'local' | 'url' | 'files';
  /**
   * One name per class index (e.g. `'Ankle boot'`): the registry's, an image folder's class-folder
   * names (sorted), or `'0'`, `'1'`, … for CSV labels. Always set by the loaders.
   */
  classNames?: readonly string[];
  /**
   * How an image from outside (a photo to `predict`) becomes one of this data's 28 × 28 images, to be
   * recorded in a model trained on it: the registry's for its datasets (`'resize'` for Fashion-MNIST),
   * the mode an image folder was read with, `'digit'` for CSVs and unnamed IDX files. Always set by the loaders.
   */
  preprocessing?: ImagePreprocessing;
  /** How the data was laid out (set by the Node `loadDataset`; downloads and caches are `'idx'`). */
  layout?: DatasetLayout;
  /**
   * How many train images were held out as the test split, when the data had no test split of its
   * own (an image folder without `test/`, CSVs without a labeled `test.csv`); absent otherwise.
   */
  heldOutTest?: number;
}

/** One mini-batch. The consumer owns the tensors (dispose them or create them inside `tf.tidy`). */
export interface Batch {
  /** float32 `[size, rows*cols]`, scaled to [0,1] (or standardised). */
  xs: Tensor2D;
  /** int32 `[size]` class indices, or float32 `[size, numClasses]` when `oneHot` is set. */
  ys: Tensor1D | Tensor2D;
  /** Rows in this batch (the last batch may be smaller unless `dropLast`). */
  size: number;
}

/** Progress of one file's download. */
export interface DownloadProgress {
  file: string;
  bytesDone: number;
  /** Expected size in bytes, when known. */
  bytesTotal: number | undefined;
  mirror: string;
}

/** An image as raw interleaved pixels, e.g. a canvas `ImageData` (RGBA) or a decoded PNG/JPEG. */
export interface DigitImage {
  /** `width × height × channels` values in 0…255, row-major, channels interleaved. */
  data: ArrayLike<number>;
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. Alpha is composited over white. */
  channels: 1 | 2 | 3 | 4;
}

/** Options of `preprocessDigit` (and of `preprocessImage` in `'digit'` mode). */
export interface PreprocessDigitOptions {
  /**
   * Whether to invert to light-on-dark. `'auto'` inverts when the border pixels (the background)
   * are light. Defaults to `'auto'`.
   */
  invert?: 'auto' | boolean;
  /** Ink threshold (0…255, after inversion and contrast stretch) that defines the crop box. Defaults to `40`. */
  threshold?: number;
  /** Side of the square the cropped digit is scaled to fit, keeping aspect. Defaults to `20`. */
  fitSize?: number;
  /** Side of the square output. Defaults to `28`. */
  size?: number;
}

/**
 * How `preprocessImage` turns an image into `size × size` light-on-dark bytes:
 * - `'digit'`: MNIST's recipe for a drawn or photographed digit (`preprocessDigit`): contrast
 *   stretch, crop to the ink, fit into `fitSize`, centre of mass at the centre. A blank image is an error.
 * - `'resize'`: the whole image as it is, only grayscale, inverted when dark-on-light, and scaled to
 *   fit (kept as is when already `size × size`): for data that is already framed, like Fashion-MNIST.
 */
export type ImagePreprocessing = 'digit' | 'resize';

/** Options of `preprocessImage`. */
export interface PreprocessImageOptions extends PreprocessDigitOptions {
  /**
   * The preprocessing recipe (see {@link ImagePreprocessing}). `threshold` and `fitSize` apply to
   * `'digit'` only. Defaults to `'digit'`.
   */
  mode?: ImagePreprocessing;
}
