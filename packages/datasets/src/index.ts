// Node entry: the shared API (core.ts, its one list), plus the cache, downloads, local folders and
// image decoding (the browser decodes with a canvas).
export * from './core';
export type { CachedDataset, CachedFile } from './node/cachedDatasets';
export { cachedDatasets } from './node/cachedDatasets';
export { decodeImage, readImageFile } from './node/decodeImage';
export { defaultCacheDir } from './node/defaultCacheDir';
export type { DownloadDatasetOptions, DownloadDatasetResult, DownloadedFile } from './node/downloadDataset';
export { downloadDataset } from './node/downloadDataset';
export type { DownloadFileOptions, DownloadFileResult, DownloadOptions } from './node/downloadFile';
export { downloadFile } from './node/downloadFile';
export type { LoadDatasetOptions } from './node/loadDataset';
export { loadDataset } from './node/loadDataset';
