import { DatasetError } from '../DatasetError';
import { throwIfAborted } from '../internal/abort';
import { decodeDataset } from '../internal/decodeDataset';
import { type DatasetFileKey, FILE_KEYS, getDatasetSpec } from '../registry';
import type { Dataset, DatasetName, ImagePreprocessing } from '../types';
import { type DownloadDatasetOptions, fetchDatasetFiles } from './downloadDataset';
import { nodePlatform } from './nodePlatform';
import { readLocalDataset } from './readLocalDataset';

/** Options of the Node {@link loadDataset}. */
export interface LoadDatasetOptions extends Omit<DownloadDatasetOptions, 'name'> {
  /**
   * Which built-in dataset. Required unless `dataDir` is given. With `dataDir`, it says whose four IDX
   * files the folder holds (their names and class names); an image folder or CSVs take their classes
   * from the data, and a folder of IDX files loaded without `name` gets classes `'0'` … the largest
   * label. Defaults to none.
   */
  name?: DatasetName;
  /**
   * Load from this folder instead; no network, no cache. It may hold (tried in this order):
   * - the four MNIST-format IDX files (names with or without `.gz`, gzip detected by content),
   *   validated structurally (published checksums are not required, e.g. Debian's recompressed
   *   `/usr/share/datasets/fashion-mnist`);
   * - an image folder per class, torchvision's `ImageFolder` layout: `train/<class>/*.png|jpg` and
   *   optionally `test/<class>/…`, images of any size (see `preprocess`);
   * - a Kaggle "Digit Recognizer" `train.csv` (`label,pixel0,…,pixel783`) and optionally `test.csv`.
   *
   * Without a test split of its own (no `test/`, no labeled `test.csv`), 10 % of train is held out as
   * the test split (`Dataset.heldOutTest`). Defaults to none.
   */
  dataDir?: string;
  /**
   * How the images of an image folder become 28 × 28 (see `preprocessImage`): `'resize'` keeps each
   * picture as framed, `'digit'` is MNIST's digit recipe (crop to the ink, centre of mass) as `predict`
   * uses for a photo of a digit. Only used by image folders. Defaults to `'resize'`.
   */
  preprocess?: ImagePreprocessing;
}

/**
 * Loads a dataset into memory (bytes stay `Uint8Array`): from `dataDir` when given (four IDX files,
 * an image folder per class, or Kaggle CSVs), else from the cache, downloading and verifying missing
 * files first (see `downloadFile`). Validates everything it parses.
 */
export async function loadDataset(options: LoadDatasetOptions): Promise<Dataset> {
  const { name, dataDir, signal } = options;
  if (dataDir !== undefined) {
    return readLocalDataset({ dataDir, name, spec: options.spec, preprocess: options.preprocess, signal });
  }
  if (name === undefined) {
    throw new DatasetError('INVALID_OPTION', 'loadDataset needs a dataset name or a dataDir.');
  }
  const spec = options.spec ?? getDatasetSpec(name);
  const what = `Loading ${name}`;
  throwIfAborted(signal, what);
  const { results } = await fetchDatasetFiles({ ...options, name, spec });
  const files = {} as Record<DatasetFileKey, Uint8Array>;
  const labels = {} as Record<DatasetFileKey, string>;
  for (const key of FILE_KEYS) {
    files[key] = results[key].bytes;
    labels[key] = results[key].path;
  }
  const source = FILE_KEYS.every((key) => results[key].source === 'cache') ? 'cache' : 'download';
  const dataset = await decodeDataset({ spec, bytes: files, labels, source, signal, what }, nodePlatform);
  return { ...dataset, layout: 'idx' };
}
