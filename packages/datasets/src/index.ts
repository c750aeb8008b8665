// Node entry: the shared exports of core.ts, plus the cache, downloads and local folders.
export type {
  ArrayBatch,
  ArrayBatchIterable,
  ArrayBatchOptions,
  Batch,
  BatchIterable,
  BatchOptions,
  Dataset,
  DatasetErrorCode,
  DatasetErrorOptions,
  DatasetFileInput,
  DatasetFileKey,
  DatasetFileSpec,
  DatasetName,
  DatasetSpec,
  DigitImage,
  DownloadAttempt,
  DownloadFailure,
  DownloadProgress,
  IdxImages,
  IdxLabels,
  Normalization,
  ParseIdxOptions,
  ParseSplitOptions,
  PreprocessDigitOptions,
  Split,
  UrlLoadDatasetOptions,
} from './core';
export {
  BROWSER_CACHE_NAME,
  batchArrays,
  batches,
  DATASET_NAMES,
  DATASETS,
  DatasetError,
  FILE_KEYS,
  getDatasetSpec,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  isDatasetError,
  isDatasetName,
  isGzip,
  loadDatasetFromUrl,
  MNIST_MEAN,
  MNIST_STD,
  parseIdx,
  parseSplit,
  pixelLookupTable,
  preprocessDigit,
  shuffledIndices,
  splitValidation,
  takeSubset,
  VERSION,
} from './core';
export type { CachedDataset, CachedFile } from './node/cachedDatasets';
export { cachedDatasets } from './node/cachedDatasets';
export { defaultCacheDir } from './node/defaultCacheDir';
export type { DownloadDatasetOptions, DownloadDatasetResult, DownloadedFile } from './node/downloadDataset';
export { downloadDataset } from './node/downloadDataset';
export type { DownloadFileOptions, DownloadFileResult, DownloadOptions } from './node/downloadFile';
export { downloadFile } from './node/downloadFile';
export type { LoadDatasetOptions } from './node/loadDataset';
export { loadDataset } from './node/loadDataset';
