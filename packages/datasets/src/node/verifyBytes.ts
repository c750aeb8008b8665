import { createHash } from 'node:crypto';
import type { DatasetErrorCode } from '../DatasetError';
import type { DatasetFileSpec } from '../registry';

/** Why bytes failed verification against a published file, or `undefined` when they pass. */
export interface VerifyFailure {
  code: DatasetErrorCode;
  reason: string;
}

/** Checks size (when known), then SHA-256 (when known) or else MD5 (when known). */
export function verifyBytes(bytes: Uint8Array, file: DatasetFileSpec): VerifyFailure | undefined {
  if (file.size !== undefined && bytes.length !== file.size) {
    return {
      code: 'SIZE_MISMATCH',
      reason:
        bytes.length < file.size
          ? `truncated: got ${bytes.length} of ${file.size} bytes`
          : `size mismatch: got ${bytes.length} bytes, expected ${file.size}`,
    };
  }
  const algorithm = file.sha256 !== undefined ? 'sha256' : file.md5 !== undefined ? 'md5' : undefined;
  if (algorithm === undefined) return undefined;
  const expected = (algorithm === 'sha256' ? file.sha256 : file.md5)!.toLowerCase();
  const actual = createHash(algorithm).update(bytes).digest('hex');
  if (actual !== expected) {
    return { code: 'CHECKSUM_MISMATCH', reason: `checksum mismatch: ${algorithm} ${actual}, expected ${expected}` };
  }
  return undefined;
}
