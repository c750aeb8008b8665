import { DatasetError, type DownloadAttempt } from './DatasetError';
import { abortError, throwIfAborted } from './internal/abort';
import { candidateNames } from './internal/candidateNames';
import { checksumMismatch } from './internal/checksumMismatch';
import { concatChunks } from './internal/concatChunks';
import { decodeDataset } from './internal/decodeDataset';
import { looksLikeHtml } from './internal/sniff';
import { webPlatform } from './internal/webPlatform';
import { type DatasetFileKey, type DatasetFileSpec, type DatasetSpec, FILE_KEYS, getDatasetSpec } from './registry';
import type { Dataset, DatasetName, DownloadProgress } from './types';

/** Name of the Cache Storage cache holding raw dataset files. */
export const BROWSER_CACHE_NAME = 'mnist-kit-v1';

/** A file given directly, e.g. from `<input type="file" multiple>` or drag and drop. */
export type DatasetFileInput = Blob & { readonly name: string };

/** Options of {@link loadDatasetFromUrl} (the browser entry's `loadDataset`). */
export interface UrlLoadDatasetOptions {
  /** Which dataset (selects file names, checksums and class names). Required. */
  name: DatasetName;
  /**
   * Folder URL the four files are fetched from (base + file name), absolute or relative to the page,
   * e.g. `'/data/mnist/'`. Files may be `.gz` or raw IDX (gzip detected by content). Required unless `files`.
   */
  baseUrl?: string;
  /**
   * The four files given directly instead of fetched: `File` objects matched by `name`, or a record
   * from file name to `Blob` (names with or without `.gz`). Defaults to none.
   */
  files?: readonly DatasetFileInput[] | Readonly<Record<string, Blob>>;
  /** Replaces the registry entry of `name`. Defaults to the registry's. */
  spec?: DatasetSpec;
  /** Called after every received chunk (`mirror` is the base URL). Defaults to none. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborts loading with `DatasetError('ABORTED')`. Defaults to none. */
  signal?: AbortSignal;
  /**
   * Keep the raw file bytes in Cache Storage (`caches.open('mnist-kit-v1')`) so the next visit does
   * not download again. Silently off where Cache Storage is unavailable (Node, insecure pages). Defaults to `true`.
   */
  cache?: boolean;
  /** The `fetch` to use. Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * Folder URLs tried in order when `baseUrl` does not have the files — a 404, an HTML page instead of a
   * file, another HTTP error or a failed request (as a CORS refusal or no network look) — e.g. the public
   * mirrors of {@link browserMirrors}. All four files come from one folder. Bytes from a fallback must have
   * the registry's published size and SHA-256, as the Node downloader checks; a file without both, or a page
   * without `crypto.subtle` (not a secure context), cannot be verified and is refused. They are cached like
   * the others, under their own URL. Defaults to none.
   */
  fallbackUrls?: readonly string[];
}

/** What {@link loadDatasetFromUrl} resolves with: the dataset, and for a URL load the folder it came from. */
export interface UrlDataset extends Dataset {
  /**
   * The folder URL the files were read from (from the network or from Cache Storage): `baseUrl`, or the
   * fallback that had them. Absent for `files`.
   */
  baseUrl?: string;
  /** The folders tried before `baseUrl` that did not have the files, each with the reason. Empty when none. */
  passedOver: readonly { baseUrl: string; reason: string }[];
}

/**
 * Hosts known to serve their files with `Access-Control-Allow-Origin: *`, so that any page may fetch them.
 * jsDelivr's GitHub CDN holds MNIST (`fgnt/mnist`), GitHub's raw host Fashion-MNIST's repository.
 */
const CORS_HOSTS = ['cdn.jsdelivr.net', 'raw.githubusercontent.com'];

/**
 * The spec's mirrors a web page can download the dataset from and verify: HTTPS on a host known to allow
 * cross-origin reads, and only when every file has a published size and SHA-256 (browsers have no MD5) —
 * for the built-in registry, MNIST's jsDelivr copy. Use them as `fallbackUrls`.
 */
export function browserMirrors(spec: DatasetSpec): string[] {
  const verifiable = FILE_KEYS.every(
    (key) => spec.files[key].size !== undefined && spec.files[key].sha256 !== undefined,
  );
  if (!verifiable) return [];
  return spec.mirrors.filter((mirror) => {
    try {
      const url = new URL(mirror);
      return url.protocol === 'https:' && CORS_HOSTS.includes(url.hostname);
    } catch {
      return false;
    }
  });
}

/**
 * Loads a dataset with web-platform APIs only (`fetch`, `DecompressionStream`, `crypto.subtle`,
 * Cache Storage): from `baseUrl` (else from the first of `fallbackUrls` that has the files), or from
 * `files`. Where the registry has a SHA-256 and the bytes have the published size, the hash is checked
 * (for a fallback, size and hash must match). Bytes enter Cache Storage only after all four files parsed.
 * Works in browsers, workers and Node ≥ 20 (without caching there).
 */
export async function loadDatasetFromUrl(options: UrlLoadDatasetOptions): Promise<UrlDataset> {
  const spec = options.spec ?? getDatasetSpec(options.name);
  const { signal } = options;
  const what = `Loading ${spec.name}`;
  throwIfAborted(signal, what);
  if (options.files === undefined && options.baseUrl === undefined) {
    throw new DatasetError('INVALID_OPTION', `loadDataset(${spec.name}) needs a baseUrl or files.`);
  }

  if (options.files !== undefined) {
    const bytes = {} as Record<DatasetFileKey, Uint8Array>;
    const labels = {} as Record<DatasetFileKey, string>;
    for (const key of FILE_KEYS) {
      const { blob, name } = pickFile(options.files, spec.files[key].name);
      labels[key] = name;
      bytes[key] = new Uint8Array(await blob.arrayBuffer());
      throwIfAborted(signal, what);
      await verifyPublished(bytes[key], spec.files[key], name);
    }
    const dataset = await decodeDataset({ spec, bytes, labels, source: 'files', signal, what }, webPlatform);
    return { ...dataset, passedOver: [] };
  }

  const cache = options.cache === false ? undefined : await openCache();
  const folders = [options.baseUrl!, ...(options.fallbackUrls ?? [])].map((url) =>
    url.endsWith('/') ? url : `${url}/`,
  );
  const passedOver: { baseUrl: string; reason: string }[] = [];
  const attempts: DownloadAttempt[] = [];
  let first: unknown;
  for (const [i, base] of folders.entries()) {
    const strict = i > 0;
    let read: FolderRead;
    try {
      read = await readFolder(base, strict, spec, cache, options);
    } catch (error) {
      if (signal?.aborted || !(error instanceof DatasetError)) throw error;
      // The page's own folder: only missing files send it on to a fallback (a corrupt file is said so).
      const fallThrough = strict || error.code === 'FILE_MISSING' || error.code === 'DOWNLOAD_FAILED';
      if (!fallThrough || i === folders.length - 1) {
        if (i === 0) throw error;
        attempts.push(attemptOf(base, error));
        throw fallbacksFailed(first as DatasetError, attempts);
      }
      if (i === 0) first = error;
      else attempts.push(attemptOf(base, error));
      passedOver.push({ baseUrl: base, reason: error.message });
      continue;
    }
    const { bytes, labels, fromCache } = read;
    const source: Dataset['source'] = fromCache.size === FILE_KEYS.length ? 'cache' : strict ? 'download' : 'url';
    let dataset: Dataset;
    try {
      dataset = await decodeDataset({ spec, bytes, labels, source, signal, what }, webPlatform);
    } catch (error) {
      if (cache !== undefined) for (const key of fromCache) await cache.delete(labels[key]).catch(() => false);
      throw error;
    }
    if (cache !== undefined) {
      for (const key of FILE_KEYS) {
        if (fromCache.has(key)) continue;
        const body = bytes[key] as Uint8Array<ArrayBuffer>;
        await cache
          .put(labels[key], new Response(body, { headers: { 'content-type': 'application/octet-stream' } }))
          .catch(() => {});
      }
    }
    return { ...dataset, baseUrl: base, passedOver };
  }
  throw new Error('unreachable');
}

interface FolderRead {
  bytes: Record<DatasetFileKey, Uint8Array>;
  labels: Record<DatasetFileKey, string>;
  fromCache: Set<DatasetFileKey>;
}

/** The four files of one folder, each from Cache Storage or fetched; `strict`: size and SHA-256 must match. */
async function readFolder(
  base: string,
  strict: boolean,
  spec: DatasetSpec,
  cache: Cache | undefined,
  options: UrlLoadDatasetOptions,
): Promise<FolderRead> {
  const bytes = {} as Record<DatasetFileKey, Uint8Array>;
  const labels = {} as Record<DatasetFileKey, string>;
  const fromCache = new Set<DatasetFileKey>();
  for (const key of FILE_KEYS) {
    const file = spec.files[key];
    const url = base + file.name;
    labels[key] = url;
    const cached = await readCache(cache, url, file, strict);
    if (cached !== undefined) {
      bytes[key] = cached;
      fromCache.add(key);
      continue;
    }
    bytes[key] = await fetchBytes(url, base, file, options);
    if (strict) await verifyStrict(bytes[key], file, url);
    else await verifyPublished(bytes[key], file, url);
  }
  return { bytes, labels, fromCache };
}

function attemptOf(base: string, error: DatasetError): DownloadAttempt {
  return { mirror: base, url: error.file ?? base, reason: error.message.replace(/[.\s]+$/, ''), code: error.code };
}

/** The page's folder had no files and no fallback had good ones: the first error, each fallback's reason after it. */
function fallbacksFailed(first: DatasetError, attempts: readonly DownloadAttempt[]): DatasetError {
  const tried = attempts.map((a) => `${a.mirror} (${a.reason})`).join('; ');
  return new DatasetError(first.code, `${first.message.replace(/[.\s]+$/, '')}; fallback: ${tried}`, {
    cause: first,
    attempts,
    ...(first.file === undefined ? {} : { file: first.file }),
  });
}

function pickFile(
  files: readonly DatasetFileInput[] | Readonly<Record<string, Blob>>,
  fileName: string,
): { blob: Blob; name: string } {
  const names = candidateNames(fileName);
  const given: [string, Blob][] = Array.isArray(files)
    ? (files as readonly DatasetFileInput[]).map((f) => [f.name.split(/[\\/]/).pop()!, f])
    : Object.entries(files as Readonly<Record<string, Blob>>);
  for (const name of names) {
    const hit = given.find(([n]) => n === name);
    if (hit !== undefined) return { blob: hit[1], name: hit[0] };
  }
  throw new DatasetError(
    'FILE_MISSING',
    `${fileName} is not among the given files (accepted names: ${names.join(', ')}; given: ${
      given.map(([n]) => n).join(', ') || 'none'
    }).`,
    { file: fileName },
  );
}

async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(BROWSER_CACHE_NAME);
  } catch {
    return undefined;
  }
}

async function readCache(
  cache: Cache | undefined,
  url: string,
  file: DatasetFileSpec,
  strict: boolean,
): Promise<Uint8Array | undefined> {
  if (cache === undefined) return undefined;
  try {
    const hit = await cache.match(url);
    if (hit === undefined) return undefined;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    const problem = strict ? await strictProblem(bytes, file) : await publishedMismatch(bytes, file);
    if (problem === undefined) return bytes;
    await cache.delete(url);
  } catch {
    // A broken cache entry is just a miss.
  }
  return undefined;
}

async function fetchBytes(
  url: string,
  base: string,
  file: DatasetFileSpec,
  options: UrlLoadDatasetOptions,
): Promise<Uint8Array> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const { signal } = options;
  let response: Response;
  let received = 0;
  try {
    response = await fetchImpl(url, { signal });
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      throw new DatasetError('FILE_MISSING', `${file.name} not found: HTTP 404 for ${url}`, { file: url });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new DatasetError(
        'DOWNLOAD_FAILED',
        `${file.name}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url}`,
        { file: url },
      );
    }
    if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel().catch(() => {});
      throw htmlError(file, url);
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = file.size ?? (Number.isFinite(length) ? length : undefined);
    if (response.body === null) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      options.onProgress?.({ file: file.name, bytesDone: received, bytesTotal: total, mirror: base });
    }
    const bytes = concatChunks(chunks, received);
    if (looksLikeHtml(bytes)) throw htmlError(file, url);
    return bytes;
  } catch (error) {
    if (signal?.aborted) throw abortError(signal, `Download of ${url}`);
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      'DOWNLOAD_FAILED',
      `${file.name}: ${received > 0 ? `connection lost after ${received} bytes` : 'request failed'} for ${url} (${
        (error as Error).message
      })`,
      { cause: error, file: url },
    );
  }
}

function htmlError(file: DatasetFileSpec, url: string): DatasetError {
  return new DatasetError(
    'FILE_MISSING',
    `${file.name}: got an HTML page instead of the file from ${url} (is it missing? dev servers answer missing files with index.html)`,
    { file: url },
  );
}

/**
 * A reason when the bytes have the published size but not the published checksum; else `undefined`
 * (other sizes: a recompressed file, validated structurally only).
 */
async function publishedMismatch(bytes: Uint8Array, file: DatasetFileSpec): Promise<string | undefined> {
  if (file.size === undefined || bytes.length !== file.size) return undefined;
  const mismatch = await checksumMismatch(bytes, file, webPlatform);
  return mismatch === undefined ? undefined : `${mismatch.algorithm} ${mismatch.actual}, expected ${mismatch.expected}`;
}

async function verifyPublished(bytes: Uint8Array, file: DatasetFileSpec, label: string): Promise<void> {
  const mismatch = await publishedMismatch(bytes, file);
  if (mismatch !== undefined) {
    throw new DatasetError('CHECKSUM_MISMATCH', `${label}: checksum mismatch (${mismatch}).`, { file: label });
  }
}

/** Why bytes from a fallback are refused (they must have the published size and SHA-256), or `undefined`. */
async function strictProblem(bytes: Uint8Array, file: DatasetFileSpec): Promise<string | undefined> {
  if (file.size === undefined || file.sha256 === undefined) {
    return 'cannot be verified (the registry has no size and SHA-256 for it)';
  }
  if (bytes.length !== file.size) return `size mismatch: ${bytes.length} bytes, expected ${file.size}`;
  const actual = await webPlatform.sha256(bytes);
  if (actual === undefined) return 'cannot be verified here (no crypto.subtle: the page is not a secure context)';
  if (actual !== file.sha256.toLowerCase()) return `checksum mismatch (sha256 ${actual}, expected ${file.sha256})`;
  return undefined;
}

async function verifyStrict(bytes: Uint8Array, file: DatasetFileSpec, label: string): Promise<void> {
  const problem = await strictProblem(bytes, file);
  if (problem === undefined) return;
  const code = problem.startsWith('size') ? 'SIZE_MISMATCH' : 'CHECKSUM_MISMATCH';
  throw new DatasetError(code, `${label}: ${problem}.`, { file: label });
}
