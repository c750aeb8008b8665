import { join } from 'node:path';
import { isDatasetError } from '../DatasetError';
import { throwIfAborted } from '../internal/abort';
import { requireInteger } from '../internal/requireOption';
import { type DatasetFileKey, type DatasetSpec, FILE_KEYS, getDatasetSpec } from '../registry';
import type { DatasetName } from '../types';
import { datasetDownloadError, type FailedFile } from './datasetDownloadError';
import { resolveCacheDir } from './defaultCacheDir';
import { type DownloadFileResult, type DownloadOptions, downloadFile } from './downloadFile';
import { settleBounded } from './settleBounded';

/** Files of one dataset fetched at once when `concurrency` is not given. */
export const DEFAULT_DOWNLOAD_CONCURRENCY = 3;

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
  /**
   * How many of the four files are fetched at once (an integer ≥ 1). Each file is fetched, retried,
   * failed over and cached independently of the others. Defaults to `3`.
   */
  concurrency?: number;
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

/**
 * @internal Fetches (or finds in cache) and verifies the four files, `concurrency` at a time; returns
 * their bytes. Every file that verifies is cached even when another fails; then one `DOWNLOAD_FAILED`
 * error lists the files that failed (`ABORTED` when the signal fired).
 */
export async function fetchDatasetFiles(
  options: DownloadDatasetOptions,
): Promise<{ spec: DatasetSpec; cacheDir: string; dir: string; results: Record<DatasetFileKey, DownloadFileResult> }> {
  const spec = options.spec ?? getDatasetSpec(options.name);
  const concurrency = options.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY;
  requireInteger('concurrency', concurrency, 1);
  const cacheDir = resolveCacheDir(options.cacheDir);
  const dir = join(cacheDir, options.name);
  const mirrors = options.mirrors ?? spec.mirrors;
  throwIfAborted(options.signal, `Loading ${options.name}`);
  const settled = await settleBounded(FILE_KEYS, concurrency, (key) =>
    downloadFile({ ...options, file: spec.files[key], mirrors, dir }),
  );
  const results = {} as Record<DatasetFileKey, DownloadFileResult>;
  const failed: FailedFile[] = [];
  FILE_KEYS.forEach((key, i) => {
    const outcome = settled[i]!;
    if (outcome.status === 'fulfilled') results[key] = outcome.value;
    else failed.push({ key, file: spec.files[key].name, error: outcome.reason });
  });
  const aborted = failed.find((f) => isDatasetError(f.error, 'ABORTED'));
  if (aborted !== undefined) throw aborted.error;
  if (failed.length > 0) throw datasetDownloadError(options.name, dir, failed, FILE_KEYS.length - failed.length);
  return { spec, cacheDir, dir, results };
}

/**
 * Downloads and verifies the four files of a dataset into the cache (no parsing), reusing verified
 * cached copies. The files are fetched independently, `concurrency` at a time (see `downloadFile`
 * for mirrors, retries and `Range` resumption); every file that verifies is cached even when another
 * fails, and then one `DatasetError('DOWNLOAD_FAILED')` names each file that could not be had, with
 * each mirror and its reason (`failures` holds them). Used by the CLI's `download` command;
 * `loadDataset` does the same before parsing.
 */
export async function downloadDataset(options: DownloadDatasetOptions): Promise<DownloadDatasetResult> {
  const { spec, cacheDir, dir, results } = await fetchDatasetFiles(options);
  const files = FILE_KEYS.map((key): DownloadedFile => {
    const { path, source, mirror, bytes } = results[key];
    return { key, name: spec.files[key].name, path, source, mirror, size: bytes.length };
  });
  return { name: options.name, cacheDir, dir, files };
}
