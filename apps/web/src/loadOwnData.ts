import { csvDataset, type Dataset, DatasetError, imageFolderDataset } from '@mnist-kit/datasets';
import type { DataLayout } from './dataLayout';
import { decodeDatasetImage } from './imageFile';

/** Your own data, as {@link findDataLayout} found it: an image folder per class or Kaggle CSVs. */
export type OwnDataLayout = Extract<DataLayout, { kind: 'image-folder' | 'csv' }>;

/** Options of {@link loadOwnData}. */
export interface LoadOwnDataOptions {
  /** Stops decoding (`DatasetError('ABORTED')`). Defaults to none. */
  signal?: AbortSignal;
  /** After each image of an image folder is decoded. Defaults to none. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loads dropped or picked own data through `@mnist-kit/datasets`' own-data rules, the CLI's `--data-dir` ones:
 * an image folder through `imageFolderDataset`, each image decoded by the browser (`decodeDatasetImage`), or CSVs
 * through `csvDataset`. Errors are the package's one-line `DatasetError`s, naming files by their dropped paths.
 */
export async function loadOwnData(layout: OwnDataLayout, options: LoadOwnDataOptions = {}): Promise<Dataset> {
  const { signal, onProgress } = options;
  if (layout.kind === 'csv') {
    const train = await bytesOf(layout.train.file, layout.train.path);
    const test = layout.test === undefined ? undefined : await bytesOf(layout.test.file, layout.test.path);
    if (signal?.aborted) throw new DatasetError('ABORTED', `Reading ${layout.train.path} was aborted.`);
    return csvDataset({
      train,
      trainFile: layout.train.path,
      ...(test === undefined ? {} : { test, testFile: layout.test!.path }),
      name: layout.name,
    });
  }
  const { root } = layout;
  const shown = (path: string) => (root === '' ? path || layout.name : path === '' ? root : `${root}/${path}`);
  return imageFolderDataset({
    entries: layout.entries,
    decode: (entry) => decodeDatasetImage(entry.file!, shown(entry.path)),
    name: layout.name,
    displayPath: shown,
    ...(signal === undefined ? {} : { signal }),
    ...(onProgress === undefined ? {} : { onProgress: ({ done, total }) => onProgress(done, total) }),
  });
}

/** A dropped file's bytes; one `FILE_MISSING` line naming it when the browser cannot read it (moved, deleted). */
async function bytesOf(file: Blob, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    throw new DatasetError('FILE_MISSING', `cannot read ${path}: ${reason.replace(/[.\s]+$/, '')}`, {
      cause,
      file: path,
    });
  }
}
