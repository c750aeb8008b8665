import { DatasetError } from '../DatasetError';
import { abortError } from '../internal/abort';
import { looksLikeData, looksLikeHtml } from '../internal/sniff';
import type { DatasetFileSpec } from '../registry';
import type { DownloadProgress } from '../types';
import { AttemptFailure } from './AttemptFailure';
import { contentRangeProblem } from './contentRangeProblem';
import { LEFTOVER, type PartialFile } from './PartialFile';
import { verifyBytes } from './verifyBytes';

/** What one try needs besides the URL and the file. */
export interface AttemptContext {
  fetchImpl: typeof fetch;
  /** Longest wait for response headers, in ms. */
  timeoutMs: number;
  /** Longest wait between two body chunks, in ms. */
  readTimeoutMs: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: DownloadProgress) => void) | undefined;
}

/**
 * One try of one URL, appending the body to `partial`. When `partial` holds bytes from this mirror (or
 * left by an earlier download) and the total size is known, asks for the rest only
 * (`Range: bytes=<held>-`, with `If-Range` when the earlier response had a validator): a `206` whose
 * `Content-Range` continues the held bytes is appended to them; a `200` (the server ignored `Range`)
 * replaces them; anything else inconsistent drops them and asks for the whole file again at once.
 * The whole file is then verified (not HTML, size, SHA-256 or MD5). On a transient failure the bytes
 * received stay in `partial` for the next try; when verification fails they are all dropped.
 *
 * @returns the verified bytes, or why the try failed. Throws only `ABORTED` and write failures (`DOWNLOAD_FAILED`).
 */
export async function fetchAttempt(
  url: string,
  mirror: string,
  file: DatasetFileSpec,
  partial: PartialFile,
  ctx: AttemptContext,
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

  const total = file.size ?? partial.total;
  const canResume =
    total !== undefined && partial.length < total && (partial.origin === mirror || partial.origin === LEFTOVER);
  if (partial.length > 0 && !canResume) await partial.reset();
  const from = partial.length;
  const send = (range: boolean) => {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (range) {
      headers.range = `bytes=${from}-`;
      if (partial.validator !== undefined && partial.origin === mirror) headers['if-range'] = partial.validator;
    }
    arm(ctx.timeoutMs, `timed out: no response within ${ctx.timeoutMs} ms`);
    return ctx.fetchImpl(url, { signal: controller.signal, headers, redirect: 'follow' });
  };
  let resumed = false;
  let responded = false;
  let expected: number | undefined = file.size;
  try {
    let response = await send(from > 0);
    if (from > 0) {
      if (response.status === 206 || response.status === 416) {
        if (contentRangeProblem(response, from, total!) === undefined) {
          resumed = true;
        } else {
          await cancelBody(response);
          await partial.reset();
          response = await send(false);
        }
      } else if (response.ok) {
        await partial.reset(); // 200: the server ignored Range and sends the whole file
      }
    }
    responded = true;
    if (!response.ok) {
      await cancelBody(response);
      const status = response.status;
      return new AttemptFailure(
        status === 404 ? 'FILE_MISSING' : 'DOWNLOAD_FAILED',
        `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
        status >= 500 || status === 408 || status === 429,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type)) {
      await cancelBody(response);
      return new AttemptFailure(
        'DOWNLOAD_FAILED',
        `got an HTML page (Content-Type: ${type}) instead of the file`,
        false,
      );
    }
    const lengthHeader = response.headers.get('content-length');
    const announced =
      lengthHeader !== null && !response.headers.has('content-encoding') ? Number(lengthHeader) : Number.NaN;
    let end: number | undefined;
    if (resumed) {
      end = expected = total;
    } else {
      if (Number.isFinite(announced)) {
        if (file.size !== undefined && announced !== file.size) {
          await cancelBody(response);
          return new AttemptFailure(
            'SIZE_MISMATCH',
            `size mismatch: server announced ${announced} bytes, expected ${file.size}`,
            false,
          );
        }
        end = expected = announced;
      }
      partial.total = end;
      partial.validator = validatorOf(response);
    }
    if (response.body === null) return new AttemptFailure('DOWNLOAD_FAILED', 'response has no body', true);

    const reader = response.body.getReader();
    for (;;) {
      arm(ctx.readTimeoutMs, `timed out: no data for ${ctx.readTimeoutMs} ms after ${partial.length} bytes`);
      const { done, value } = await reader.read();
      clearTimeout(timer);
      if (done) break;
      await partial.append(value, mirror);
      if (file.size !== undefined && partial.length > file.size) {
        await reader.cancel().catch(() => {});
        return new AttemptFailure('SIZE_MISMATCH', `size mismatch: more than the expected ${file.size} bytes`, false);
      }
      ctx.onProgress?.({ file: file.name, bytesDone: partial.length, bytesTotal: expected, mirror });
    }
    const resumedNote = resumed ? `, resumed at byte ${from}` : '';
    const bytes = partial.bytes();
    if (looksLikeHtml(bytes)) {
      await partial.reset();
      return new AttemptFailure('DOWNLOAD_FAILED', 'got an HTML page instead of the file', false);
    }
    if (end !== undefined && partial.length < end) {
      return new AttemptFailure(
        'SIZE_MISMATCH',
        `truncated: body ended after ${partial.length} of ${end} bytes${resumedNote}`,
        true,
      );
    }
    const failure = await verifyBytes(bytes, file);
    if (failure !== undefined) {
      await partial.reset();
      const note = resumed ? ` (resumed at byte ${from}; all ${bytes.length} bytes discarded)` : '';
      return new AttemptFailure(failure.code, `${failure.reason}${note}`, false, resumed);
    }
    if (!looksLikeData(bytes)) {
      await partial.reset();
      return new AttemptFailure('DOWNLOAD_FAILED', 'the body is neither gzip nor IDX data', false);
    }
    return bytes;
  } catch (cause) {
    if (ctx.signal?.aborted) throw abortError(ctx.signal, `Download of ${file.name}`);
    if (cause instanceof DatasetError) throw cause; // the partial file could not be written
    if (timedOut !== undefined) return new AttemptFailure('TIMEOUT', timedOut, true);
    const message = describeNetworkError(cause);
    if (responded && partial.length > 0) {
      const of = expected !== undefined ? ` of ${expected}` : '';
      const resumedNote = resumed ? `, resumed at byte ${from}` : '';
      return new AttemptFailure(
        'SIZE_MISMATCH',
        `truncated: connection lost after ${partial.length}${of} bytes${resumedNote} (${message})`,
        true,
      );
    }
    return new AttemptFailure('DOWNLOAD_FAILED', message, true);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
    controller.abort(); // releases the connection when the body was not read to its end
  }
}

async function cancelBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

/** A validator for `If-Range`: a strong ETag, else `Last-Modified`. */
function validatorOf(response: Response): string | undefined {
  const etag = response.headers.get('etag');
  if (etag !== null && !etag.startsWith('W/')) return etag;
  return response.headers.get('last-modified') ?? undefined;
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
