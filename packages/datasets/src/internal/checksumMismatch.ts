import type { DatasetFileSpec } from '../registry';
import type { DatasetPlatform } from './DatasetPlatform';

/** A checksum that does not match: which one, what the bytes hash to, what the spec publishes. */
export interface ChecksumMismatch {
  algorithm: 'sha256' | 'md5';
  /** Lower-case hex of the bytes. */
  actual: string;
  /** The spec's value, as written there. */
  expected: string;
}

/**
 * Checks `bytes` against the published SHA-256, or else MD5 (whichever the spec has, SHA-256
 * preferred). `undefined` when they match, when the spec has neither, or when the platform cannot
 * compute the one it has (no MD5 in SubtleCrypto, no `crypto.subtle` on insecure pages). Sizes are
 * the caller's policy: Node downloads must have the published size, URL and `files` loads accept
 * recompressed files.
 */
export async function checksumMismatch(
  bytes: Uint8Array,
  file: DatasetFileSpec,
  platform: DatasetPlatform,
): Promise<ChecksumMismatch | undefined> {
  const algorithm = file.sha256 !== undefined ? 'sha256' : file.md5 !== undefined ? 'md5' : undefined;
  if (algorithm === undefined) return undefined;
  const expected = file[algorithm]!;
  const actual = await (algorithm === 'sha256' ? platform.sha256(bytes) : platform.md5?.(bytes));
  if (actual === undefined || actual === expected.toLowerCase()) return undefined;
  return { algorithm, actual, expected };
}
