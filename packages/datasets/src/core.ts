// The exports both entries share — the package's API, listed once: each entry re-exports all of it
// (`export *`) and adds its own. Nothing here may import a Node built-in.
export type { ArrayBatch, ArrayBatchIterable, ArrayBatchOptions } from './batchArrays';
export { batchArrays } from './batchArrays';
export type { BatchIterable, BatchOptions } from './batches';
export { batches } from './batches';
export type { CsvDatasetOptions } from './csvDataset';
export { csvDataset } from './csvDataset';
export type { DatasetErrorCode, DatasetErrorOptions, DownloadAttempt, DownloadFailure } from './DatasetError';
export { DatasetError, isDatasetError } from './DatasetError';
export type { ImageFolderDatasetOptions, ImageFolderEntry, ImageFolderProgress } from './imageFolderDataset';
export { IMAGE_EXTENSIONS, imageFolderDataset } from './imageFolderDataset';
export { candidateNames } from './internal/candidateNames';
export { isGzip } from './isGzip';
export type { DatasetFileInput, UrlDataset, UrlLoadDatasetOptions } from './loadDatasetFromUrl';
export { BROWSER_CACHE_NAME, browserMirrors, loadDatasetFromUrl } from './loadDatasetFromUrl';
export type { DigitCsv, ParseDigitCsvOptions } from './parseDigitCsv';
export { parseDigitCsv } from './parseDigitCsv';
export type { IdxImages, IdxLabels, ParseIdxOptions } from './parseIdx';
export { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx } from './parseIdx';
export type { ParseSplitOptions } from './parseSplit';
export { parseSplit } from './parseSplit';
export type { Normalization } from './pixelLookupTable';
export { MNIST_MEAN, MNIST_STD, pixelLookupTable } from './pixelLookupTable';
export { preprocessDigit } from './preprocessDigit';
export { preprocessImage } from './preprocessImage';
export type { DatasetFileKey, DatasetFileSpec, DatasetSpec } from './registry';
export { DATASET_NAMES, DATASETS, FILE_KEYS, getDatasetSpec, isDatasetName } from './registry';
export type { PixelScaling, PixelScalingOptions } from './scalePixels';
export { pixelScaling, sameScaling, scalePixels } from './scalePixels';
export { shuffledIndices } from './shuffledIndices';
export { splitValidation } from './splitValidation';
export { takeSubset } from './takeSubset';
export type {
  Batch,
  Dataset,
  DatasetLayout,
  DatasetName,
  DigitImage,
  DownloadProgress,
  ImagePreprocessing,
  PreprocessDigitOptions,
  PreprocessImageOptions,
  Split,
} from './types';
export { VERSION } from './version';
