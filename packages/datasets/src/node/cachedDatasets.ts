import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_NAMES, DATASETS, type DatasetFileKey, FILE_KEYS } from '../registry';
import type { DatasetName } from '../types';
import { resolveCacheDir } from './defaultCacheDir';

/** One file of a {@link CachedDataset}. */
export interface CachedFile {
  key: DatasetFileKey;
  name: string;
  path: string;
  /** Size on disk. */
  size: number;
  /** Published size, when known. */
  expectedSize: number | undefined;
}

/** A dataset found in the cache. */
export interface CachedDataset {
  name: DatasetName;
  dir: string;
  /** The files present, in `FILE_KEYS` order. */
  files: CachedFile[];
  /** Names of the files not present. */
  missing: string[];
  /** All four files present with their published sizes (checksums are verified on load, not here). */
  complete: boolean;
  /** Total bytes on disk. */
  bytes: number;
}

/**
 * The built-in datasets with at least one file in the cache (complete or partial), in registry order.
 *
 * @param cacheDir cache root. Defaults to {@link defaultCacheDir}.
 */
export async function cachedDatasets(cacheDir?: string): Promise<CachedDataset[]> {
  const root = resolveCacheDir(cacheDir);
  const found: CachedDataset[] = [];
  for (const name of DATASET_NAMES) {
    const dir = join(root, name);
    const files: CachedFile[] = [];
    const missing: string[] = [];
    for (const key of FILE_KEYS) {
      const spec = DATASETS[name].files[key];
      const path = join(dir, spec.name);
      const size = await stat(path).then(
        (s) => (s.isFile() ? s.size : undefined),
        () => undefined,
      );
      if (size === undefined) missing.push(spec.name);
      else files.push({ key, name: spec.name, path, size, expectedSize: spec.size });
    }
    if (files.length === 0) continue;
    const complete =
      missing.length === 0 && files.every((f) => f.expectedSize === undefined || f.size === f.expectedSize);
    found.push({ name, dir, files, missing, complete, bytes: files.reduce((sum, f) => sum + f.size, 0) });
  }
  return found;
}
