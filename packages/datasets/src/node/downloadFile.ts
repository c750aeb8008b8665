import { join } from 'node:path';
import { DatasetError, type DownloadAttempt, isDatasetError } from '../DatasetError';
import { sleep, throwIfAborted } from '../internal/abort';
import type { DatasetFileSpec } from '../registry';
import type { DownloadProgress } from '../types';
import { AttemptFailure } from './AttemptFailure';
import { canVerifyResumed, claimLeftoverPartial, removeLeftovers } from './claimLeftoverPartial';
import { type AttemptContext, fetchAttempt } from './fetchAttempt';
import { LEFTOVER, PARKED_SUFFIX, PartialFile } from './PartialFile';
import { readVerified } from './readVerified';

/** Network options shared by {@link downloadFile}, `downloadDataset` and the Node `loadDataset`. */
export interface DownloadOptions {
  /** Called after every received chunk. Defaults to none. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborts the download (and any retry wait) with `DatasetError('ABORTED')`. Defaults to none. */
  signal?: AbortSignal;
  /** Longest wait for a response's headers, in ms. Defaults to `30000`. */
  timeoutMs?: number;
  /** Longest wait between two chunks of the body, in ms. Defaults to `timeoutMs`. */
  readTimeoutMs?: number;
  /** Extra tries per mirror after a retryable failure (network error, timeout, 5xx, truncated body). Defaults to `2`. */
  retries?: number;
  /** Wait before the first retry, in ms; doubles on each further retry. Defaults to `500`. */
  retryDelayMs?: number;
  /** The `fetch` to use. Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions extends DownloadOptions {
  /** The file: its name (appended to each mirror) and, where known, size and checksums to verify. */
  file: DatasetFileSpec;
  /** Base URLs in preference order; a missing trailing `/` is added. */
  mirrors: readonly string[];
  /** Folder the verified file is stored in, as `<dir>/<file.name>` (created when missing). */
  dir: string;
}

/** What {@link downloadFile} returns. */
export interface DownloadFileResult {
  /** Where the verified file is stored. */
  path: string;
  /** The verified file bytes (as published, usually gzip). */
  bytes: Uint8Array;
  /** `'cache'` when a verified copy was already in `dir` (no request made). */
  source: 'cache' | 'download';
  /** The mirror that served it (`undefined` from cache). */
  mirror: string | undefined;
}

/**
 * Fetches one file into the cache folder, verified. A copy already in `dir` that passes verification
 * is returned without any request. Otherwise each mirror is tried in order (with `retries` retries and
 * exponential backoff for transient failures). The bytes go to a working file in `dir`
 * (`<name>.<host>.<pid>.<random>.part`, never the final path); a transfer cut off part-way is resumed
 * on the next try of the same mirror with an HTTP `Range` request where the server supports it. The
 * whole file is checked (not an HTML page, size, then SHA-256 or MD5) BEFORE it enters the cache by an
 * atomic rename, so concurrent downloads into one cache all end with a correct file; a resumed file that
 * fails the check is discarded entirely.
 *
 * What earlier downloads left behind is resumed when it can be verified: the bytes of a download
 * aborted through `signal` (parked as `<name>.partial`) and the working files of processes of this
 * machine that were killed. A leftover that fails verification once resumed is dropped and the file
 * fetched again from the start, from the same mirror.
 *
 * When every mirror fails: `DatasetError('DOWNLOAD_FAILED')` listing each mirror with its reason, and
 * nothing is left in `dir`.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadFileResult> {
  const { file, dir, signal } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ctx: AttemptContext = {
    fetchImpl: options.fetch ?? globalThis.fetch,
    timeoutMs,
    readTimeoutMs: options.readTimeoutMs ?? timeoutMs,
    signal,
    onProgress: options.onProgress,
  };
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const what = `Download of ${file.name}`;
  throwIfAborted(signal, what);

  const path = join(dir, file.name);
  const cached = await readVerified(path, file);
  if (cached !== undefined) return { path, bytes: cached, source: 'cache', mirror: undefined };

  const partial = (await claimLeftoverPartial(dir, file)) ?? PartialFile.create(dir, file.name);
  try {
    const attempts: DownloadAttempt[] = [];
    for (const rawMirror of options.mirrors) {
      const mirror = rawMirror.endsWith('/') ? rawMirror : `${rawMirror}/`;
      const url = mirror + file.name;
      // Bytes from another mirror are not resumed here; a leftover of unknown origin is tried on each.
      if (partial.origin !== undefined && partial.origin !== LEFTOVER) await partial.reset();
      let failure: AttemptFailure | undefined;
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) await sleep(retryDelayMs * 2 ** (attempt - 1), signal, what);
        const leftover = partial.includesLeftover;
        const result = await fetchAttempt(url, mirror, file, partial, ctx);
        if (result instanceof AttemptFailure) {
          failure = result;
          // The bytes a previous download left were bad, not this mirror's: start again from zero, same try.
          if (leftover && result.discardedResume) attempt--;
          else if (!result.retryable) break;
          continue;
        }
        await commit(partial, path, file);
        await removeLeftovers(dir, file);
        return { path, bytes: result, source: 'download', mirror };
      }
      attempts.push({ mirror, url, reason: failure!.reason, code: failure!.code });
    }
    const list = attempts.map((a) => `\n  - ${a.mirror}: ${a.reason}`).join('');
    throw new DatasetError(
      'DOWNLOAD_FAILED',
      attempts.length === 0
        ? `Could not download ${file.name}: no mirrors to try.`
        : `Could not download ${file.name} from any of ${attempts.length} mirror(s):${list}`,
      { file: file.name, attempts },
    );
  } catch (error) {
    // Interrupted by the caller: keep what was received for the next download to resume.
    if (isDatasetError(error, 'ABORTED') && canVerifyResumed(file)) await partial.park(path + PARKED_SUFFIX);
    else await partial.discard();
    throw error;
  }
}

/** Moves the verified working file to `path` (atomic rename). */
async function commit(partial: PartialFile, path: string, file: DatasetFileSpec): Promise<void> {
  try {
    await partial.commit(path);
  } catch (cause) {
    // Windows may refuse to replace a file another process holds open; fine if theirs is correct.
    if ((await readVerified(path, file)) !== undefined) return;
    throw new DatasetError('DOWNLOAD_FAILED', `Could not store ${file.name} in ${path}: ${(cause as Error).message}`, {
      cause,
      file: path,
    });
  }
}
