import { join } from 'node:path';
import { throwIfAborted } from '../internal/abort';
import { type DatasetFileKey, type DatasetSpec, FILE_KEYS, getDatasetSpec } from '../registry';
import type { DatasetName } from '../types';
import { resolveCacheDir } from './defaultCacheDir';
import { type DownloadFileResult, type DownloadOptions, downloadFile } from './downloadFile';

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions extends DownloadOptions {
  /** Which dataset. Required. */
  name: DatasetName;
  /** Cache root; files go to `<cacheDir>/<name>/<file>.gz`. Defaults to {@link defaultCacheDir}. */
  cacheDir?: string;
  /** Mirrors to use instead of the registry's (same order semantics). Defaults to the registry's list. */
  mirrors?: readonly string[];
  /** Replaces the registry entry of `name` (file names, sizes, checksums, mirrors, classes). Defaults to the registry's. */
  spec?: DatasetSpec;
}

/** One file of {@link DownloadDatasetResult}. */
export interface DownloadedFile {
  key: DatasetFileKey;
  name: string;
  path: string;
  source: 'cache' | 'download';
  mirror: string | undefined;
  /** Size in bytes. */
  size: number;
}

/** What {@link downloadDataset} returns. */
export interface DownloadDatasetResult {
  name: DatasetName;
  /** The cache root used. */
  cacheDir: string;
  /** `<cacheDir>/<name>`. */
  dir: string;
  /** The four files, in `FILE_KEYS` order. */
  files: DownloadedFile[];
}

/** @internal Fetches (or finds in cache) and verifies the four files; returns their bytes. */
export async function fetchDatasetFiles(
  options: DownloadDatasetOptions,
): Promise<{ spec: DatasetSpec; cacheDir: string; dir: string; results: Record<DatasetFileKey, DownloadFileResult> }> {
  const spec = options.spec ?? getDatasetSpec(options.name);
  const cacheDir = resolveCacheDir(options.cacheDir);
  const dir = join(cacheDir, options.name);
  const mirrors = options.mirrors ?? spec.mirrors;
  const results = {} as Record<DatasetFileKey, DownloadFileResult>;
  for (const key of FILE_KEYS) {
    throwIfAborted(options.signal, `Loading ${options.name}`);
    results[key] = await downloadFile({ ...options, file: spec.files[key], mirrors, dir });
  }
  return { spec, cacheDir, dir, results };
}

/**
 * Downloads and verifies the four files of a dataset into the cache (no parsing), reusing verified
 * cached copies. Used by the CLI's `download` command; `loadDataset` does the same before parsing.
 */
export async function downloadDataset(options: DownloadDatasetOptions): Promise<DownloadDatasetResult> {
  const { spec, cacheDir, dir, results } = await fetchDatasetFiles(options);
  const files = FILE_KEYS.map((key): DownloadedFile => {
    const { path, source, mirror, bytes } = results[key];
    return { key, name: spec.files[key].name, path, source, mirror, size: bytes.length };
  });
  return { name: options.name, cacheDir, dir, files };
}
