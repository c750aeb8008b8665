import { DatasetError, type DownloadFailure, isDatasetError } from '../DatasetError';
import type { DatasetFileKey } from '../registry';

/** A file of a dataset download that failed, with what it threw. */
export interface FailedFile {
  key: DatasetFileKey;
  /** The file's name. */
  file: string;
  error: unknown;
}

/**
 * The one `DOWNLOAD_FAILED` error of a dataset download in which some files could not be had: the
 * message names each of them with each mirror and its reason (their own messages, indented);
 * {@link DatasetError.failures} lists them; `file` and `attempts` are those of the first, as from a
 * single-file download; `cause` is the file's error, or an `AggregateError` of all of them.
 *
 * @param name the dataset.
 * @param dir the cache folder the other files were stored in.
 * @param failed the files that failed, in `FILE_KEYS` order (at least one).
 * @param stored how many files of the dataset were verified and cached.
 */
export function datasetDownloadError(
  name: string,
  dir: string,
  failed: readonly FailedFile[],
  stored: number,
): DatasetError {
  const failures = failed.map(({ key, file, error }): DownloadFailure => {
    if (isDatasetError(error)) return { key, file, code: error.code, message: error.message, attempts: error.attempts };
    const message = `Could not download ${file}: ${error instanceof Error ? error.message : String(error)}`;
    return { key, file, code: 'DOWNLOAD_FAILED', message, attempts: [] };
  });
  const kept =
    stored === 0
      ? ''
      : ` (${stored === 1 ? 'the other file is' : `the ${stored} other files are`} verified and cached in ${dir}; ` +
        'a new attempt fetches only what is missing)';
  const head = `Could not download ${failed.length} of ${failed.length + stored} files of ${name}${kept}:`;
  const body = failures.map((f) => f.message.replace(/^/gm, '  ')).join('\n');
  const first = failures[0]!;
  return new DatasetError('DOWNLOAD_FAILED', `${head}\n${body}`, {
    file: first.file,
    attempts: first.attempts,
    failures,
    cause:
      failed.length === 1
        ? failed[0]!.error
        : new AggregateError(
            failed.map((f) => f.error),
            head,
          ),
  });
}
