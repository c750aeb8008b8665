/**
 * What differs between the runtimes the dataset loaders run on, handed to the shared code (decoding,
 * checksums) instead of being written twice: `webPlatform` (web-platform APIs; the browser
 * entry, and `loadDatasetFromUrl` everywhere) and `nodePlatform` (`node:zlib`, `node:crypto`; the
 * Node loaders). Everything else the loaders do that differs — the cache (files with atomic renames
 * and resumable working files in Node, Cache Storage in browsers) and the download policy (mirrors,
 * retries, timeouts and `Range` resumption in Node; one request per file in browsers) — stays in the
 * loaders themselves, because it differs by design, not by API.
 */
export interface DatasetPlatform {
  /** Decompresses one gzip stream; throws (any error) on corrupt data. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** Lower-case hex SHA-256 of `bytes`, or `undefined` where hashing is unavailable (insecure pages). */
  sha256(bytes: Uint8Array): Promise<string | undefined>;
  /** Lower-case hex MD5 of `bytes`; absent where the platform has no MD5 (SubtleCrypto). */
  md5?: (bytes: Uint8Array) => Promise<string>;
}
