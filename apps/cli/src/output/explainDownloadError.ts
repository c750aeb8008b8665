import { type DatasetError, type DownloadFailure, FILE_KEYS, isDatasetError } from '@mnist-kit/datasets';
import { CliError, ExitCode } from '../CliError.js';

/** Which download an error came from, for {@link explainDownloadError}. */
export interface DownloadContext {
  /** The dataset's name, e.g. `mnist`. */
  dataset: string;
  /** The dataset's cache folder, `<cache dir>/<dataset>` (absolute). */
  dir: string;
}

/** Ends the line of a failed download: where to go from there. */
export const DATA_DIR_HINT = 'use --data-dir DIR to train from local files';

/**
 * Turns what a dataset download threw into the CLI's error: a `DOWNLOAD_FAILED` listing its files
 * becomes one line built from `error.failures` (see {@link formatDownloadFailure}), an `ABORTED` one
 * (Ctrl-C) becomes an exit 130 saying what was kept. Anything else is returned as it is.
 */
export function explainDownloadError(error: unknown, context: DownloadContext): unknown {
  if (isDatasetError(error, 'DOWNLOAD_FAILED') && error.failures.length > 0) {
    return new CliError('DOWNLOAD_FAILED', formatDownloadFailure(error, context), { cause: error });
  }
  if (isDatasetError(error, 'ABORTED')) {
    return new CliError(
      'INTERRUPTED',
      `interrupted: the download of ${context.dataset} stopped; the files verified so far and the bytes ` +
        `received are kept in ${context.dir}, and the next run continues from there`,
      { cause: error, exitCode: ExitCode.interrupted },
    );
  }
  return error;
}

/**
 * One line for a dataset download in which some files could not be had, e.g.
 * `could not download 1 of 4 files of mnist (the 3 others are cached in DIR): train-images-idx3-ubyte.gz —
 * https://a/: HTTP 404 Not Found; https://b/: truncated: … — use --data-dir DIR to train from local files`.
 * Files that failed the same way on every mirror are named together.
 */
export function formatDownloadFailure(error: DatasetError, context: DownloadContext): string {
  const failed = error.failures.length;
  const total = Math.max(FILE_KEYS.length, failed);
  const stored = total - failed;
  const kept =
    stored === 0 ? '' : ` (${stored === 1 ? 'the other one is' : `the ${stored} others are`} cached in ${context.dir})`;
  const groups = new Map<string, string[]>();
  for (const failure of error.failures) {
    const why = reasonsOf(failure);
    groups.set(why, [...(groups.get(why) ?? []), failure.file]);
  }
  const body = [...groups].map(([why, files]) => `${files.join(', ')} — ${why}`).join(' | ');
  return `could not download ${failed} of ${total} files of ${context.dataset}${kept}: ${body} — ${DATA_DIR_HINT}`;
}

/** `mirror: reason; mirror: reason`, or the file's own message when no mirror was to blame. */
function reasonsOf(failure: DownloadFailure): string {
  if (failure.attempts.length > 0) return failure.attempts.map((a) => `${a.mirror}: ${a.reason}`).join('; ');
  return failure.message
    .replace(new RegExp(`^Could not download ${escapeRegExp(failure.file)}:\\s*`), '')
    .replace(/\s*\n\s*/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
