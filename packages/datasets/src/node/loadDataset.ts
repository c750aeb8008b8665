import { throwIfAborted } from '../internal/abort';
import { decodeDataset } from '../internal/decodeDataset';
import { type DatasetFileKey, FILE_KEYS, getDatasetSpec } from '../registry';
import type { Dataset } from '../types';
import { type DownloadDatasetOptions, fetchDatasetFiles } from './downloadDataset';
import { nodePlatform } from './nodePlatform';
import { readLocalDataset } from './readLocalDataset';

/** Options of the Node {@link loadDataset}. */
export interface LoadDatasetOptions extends DownloadDatasetOptions {
  /**
   * Load the four files from this folder instead (names with or without `.gz`, gzip detected by
   * content); no network, no cache. Files are validated structurally (published checksums are not
   * required, e.g. Debian's recompressed `/usr/share/datasets/fashion-mnist`). Defaults to none.
   */
  dataDir?: string;
}

/**
 * Loads a dataset into memory (bytes stay `Uint8Array`): from `dataDir` when given, else from the
 * cache, downloading and verifying missing files first (see `downloadFile`). Parses and validates
 * all four IDX files.
 */
export async function loadDataset(options: LoadDatasetOptions): Promise<Dataset> {
  const spec = options.spec ?? getDatasetSpec(options.name);
  const what = `Loading ${options.name}`;
  throwIfAborted(options.signal, what);
  let files: Record<DatasetFileKey, Uint8Array>;
  let labels: Record<DatasetFileKey, string>;
  let source: Dataset['source'];
  if (options.dataDir !== undefined) {
    const local = await readLocalDataset(spec, options.dataDir);
    files = local.bytes;
    labels = local.paths;
    source = 'local';
  } else {
    const { results } = await fetchDatasetFiles({ ...options, spec });
    files = {} as Record<DatasetFileKey, Uint8Array>;
    labels = {} as Record<DatasetFileKey, string>;
    for (const key of FILE_KEYS) {
      files[key] = results[key].bytes;
      labels[key] = results[key].path;
    }
    source = FILE_KEYS.every((key) => results[key].source === 'cache') ? 'cache' : 'download';
  }
  return decodeDataset({ spec, bytes: files, labels, source, signal: options.signal, what }, nodePlatform);
}
