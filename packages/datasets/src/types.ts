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

/** A loaded dataset: its train and test splits. */
export interface Dataset {
  name: DatasetName;
  train: Split;
  test: Split;
  /** Where the bytes came from. */
  source: 'download' | 'cache' | 'local' | 'url' | 'files';
  /** One name per class index (e.g. `'Ankle boot'`). Always set by the loaders. */
  classNames?: readonly string[];
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
