import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError, type DatasetErrorCode, type DownloadAttempt } from '../DatasetError';
import { abortError, sleep, throwIfAborted } from '../internal/abort';
import { concatChunks } from '../internal/concatChunks';
import { looksLikeData, looksLikeHtml } from '../internal/sniff';
import type { DatasetFileSpec } from '../registry';
import type { DownloadProgress } from '../types';
import { verifyBytes } from './verifyBytes';

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

/** A failed try: why, and whether trying the same mirror again may help. */
class AttemptFailure {
  constructor(
    readonly code: DatasetErrorCode,
    readonly reason: string,
    readonly retryable: boolean,
  ) {}
}

/**
 * Fetches one file into the cache folder, verified. A copy already in `dir` that passes verification
 * is returned without any request. Otherwise each mirror is tried in order (with `retries` retries and
 * exponential backoff for transient failures); the bytes are checked (not an HTML page, size, then
 * SHA-256 or MD5) BEFORE they enter the cache, written to a unique temp file in `dir` and renamed
 * into place atomically, so concurrent downloads into one cache all end with a correct file.
 * When every mirror fails: `DatasetError('DOWNLOAD_FAILED')` listing each mirror with its reason.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadFileResult> {
  const { file, dir, signal } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const readTimeoutMs = options.readTimeoutMs ?? timeoutMs;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const what = `Download of ${file.name}`;
  throwIfAborted(signal, what);

  const path = join(dir, file.name);
  const cached = await readVerified(path, file);
  if (cached !== undefined) return { path, bytes: cached, source: 'cache', mirror: undefined };

  const attempts: DownloadAttempt[] = [];
  for (const rawMirror of options.mirrors) {
    const mirror = rawMirror.endsWith('/') ? rawMirror : `${rawMirror}/`;
    const url = mirror + file.name;
    let failure: AttemptFailure | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(retryDelayMs * 2 ** (attempt - 1), signal, what);
      const result = await fetchOnce(url, mirror, file, {
        fetchImpl,
        timeoutMs,
        readTimeoutMs,
        signal,
        onProgress: options.onProgress,
      });
      if (result instanceof AttemptFailure) {
        failure = result;
        if (!result.retryable) break;
        continue;
      }
      await mkdir(dir, { recursive: true });
      await storeAtomically(path, result, file);
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
}

/** The cached file's bytes when it exists and passes verification; `undefined` otherwise. */
async function readVerified(path: string, file: DatasetFileSpec): Promise<Uint8Array | undefined> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (!looksLikeData(bytes) || verifyBytes(bytes, file) !== undefined) return undefined;
  return bytes;
}

/** Writes a verified file through a unique temp file in the same folder and an atomic rename. */
async function storeAtomically(path: string, bytes: Uint8Array, file: DatasetFileSpec): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (cause) {
    await unlink(temp).catch(() => {});
    // Windows may refuse to replace a file another process holds open; fine if theirs is correct.
    if ((await readVerified(path, file)) !== undefined) return;
    throw new DatasetError('DOWNLOAD_FAILED', `Could not store ${file.name} in ${path}: ${(cause as Error).message}`, {
      cause,
      file: path,
    });
  }
}

interface FetchContext {
  fetchImpl: typeof fetch;
  timeoutMs: number;
  readTimeoutMs: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: DownloadProgress) => void) | undefined;
}

/** One try of one URL: the verified bytes, or why it failed. Throws only `ABORTED`. */
async function fetchOnce(
  url: string,
  mirror: string,
  file: DatasetFileSpec,
  ctx: FetchContext,
): Promise<Uint8Array | AttemptFailure> {
  const controller = new AbortController();
  let timedOut: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, reason: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = reason;
      controller.abort();
    }, ms);
  };
  const onAbort = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let received = 0;
  let expected: number | undefined = file.size;
  try {
    arm(ctx.timeoutMs, `timed out: no response within ${ctx.timeoutMs} ms`);
    const response = await ctx.fetchImpl(url, {
      signal: controller.signal,
      headers: { 'accept-encoding': 'identity' },
      redirect: 'follow',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const status = response.status;
      return new AttemptFailure(
        status === 404 ? 'FILE_MISSING' : 'DOWNLOAD_FAILED',
        `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
        status >= 500 || status === 408 || status === 429,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type)) {
      await response.body?.cancel().catch(() => {});
      return new AttemptFailure(
        'DOWNLOAD_FAILED',
        `got an HTML page (Content-Type: ${type}) instead of the file`,
        false,
      );
    }
    const lengthHeader = response.headers.get('content-length');
    const announced =
      lengthHeader !== null && !response.headers.has('content-encoding') ? Number(lengthHeader) : Number.NaN;
    if (Number.isFinite(announced)) {
      if (file.size !== undefined && announced !== file.size) {
        await response.body?.cancel().catch(() => {});
        return new AttemptFailure(
          'SIZE_MISMATCH',
          `size mismatch: server announced ${announced} bytes, expected ${file.size}`,
          false,
        );
      }
      expected = announced;
    }
    if (response.body === null) return new AttemptFailure('DOWNLOAD_FAILED', 'response has no body', true);

    const chunks: Uint8Array[] = [];
    const reader = response.body.getReader();
    for (;;) {
      arm(ctx.readTimeoutMs, `timed out: no data for ${ctx.readTimeoutMs} ms after ${received} bytes`);
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (file.size !== undefined && received > file.size) {
        await reader.cancel().catch(() => {});
        return new AttemptFailure('SIZE_MISMATCH', `size mismatch: more than the expected ${file.size} bytes`, false);
      }
      ctx.onProgress?.({ file: file.name, bytesDone: received, bytesTotal: expected, mirror });
    }
    clearTimeout(timer);
    const bytes = concatChunks(chunks, received);
    if (looksLikeHtml(bytes)) {
      return new AttemptFailure('DOWNLOAD_FAILED', 'got an HTML page instead of the file', false);
    }
    if (Number.isFinite(announced) && received < announced) {
      return new AttemptFailure('SIZE_MISMATCH', `truncated: body ended after ${received} of ${announced} bytes`, true);
    }
    const failure = verifyBytes(bytes, file);
    if (failure !== undefined) return new AttemptFailure(failure.code, failure.reason, false);
    if (!looksLikeData(bytes)) {
      return new AttemptFailure('DOWNLOAD_FAILED', 'the body is neither gzip nor IDX data', false);
    }
    return bytes;
  } catch (cause) {
    if (ctx.signal?.aborted) throw abortError(ctx.signal, `Download of ${file.name}`);
    if (timedOut !== undefined) return new AttemptFailure('TIMEOUT', timedOut, true);
    const message = describeNetworkError(cause);
    if (received > 0) {
      const of = expected !== undefined ? ` of ${expected}` : '';
      return new AttemptFailure(
        'SIZE_MISMATCH',
        `truncated: connection lost after ${received}${of} bytes (${message})`,
        true,
      );
    }
    return new AttemptFailure('DOWNLOAD_FAILED', message, true);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

/** A short reason from a fetch failure, including undici's underlying cause (e.g. `ECONNREFUSED`). */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    cause === undefined
      ? ''
      : typeof cause.code === 'string'
        ? ` (${cause.code})`
        : typeof cause.message === 'string'
          ? ` (${cause.message})`
          : '';
  return `network error: ${error.message}${detail}`;
}
