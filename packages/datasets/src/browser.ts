// Browser entry: the shared API (core.ts, its one list: web-platform APIs only, no Node built-ins, no
// env-paths), plus `loadDataset` and its options as the URL / `File` loader's.
export * from './core';
export type { UrlLoadDatasetOptions as LoadDatasetOptions } from './loadDatasetFromUrl';
export { loadDatasetFromUrl as loadDataset } from './loadDatasetFromUrl';
