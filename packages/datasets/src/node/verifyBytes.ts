import type { DatasetErrorCode } from '../DatasetError';
import { checksumMismatch } from '../internal/checksumMismatch';
import type { DatasetFileSpec } from '../registry';
import { nodePlatform } from './nodePlatform';

/** Why bytes failed verification against a published file, or `undefined` when they pass. */
export interface VerifyFailure {
  code: DatasetErrorCode;
  reason: string;
}

/** Checks size (when known), then SHA-256 (when known) or else MD5 (when known). */
export async function verifyBytes(bytes: Uint8Array, file: DatasetFileSpec): Promise<VerifyFailure | undefined> {
  if (file.size !== undefined && bytes.length !== file.size) {
    return {
      code: 'SIZE_MISMATCH',
      reason:
        bytes.length < file.size
          ? `truncated: got ${bytes.length} of ${file.size} bytes`
          : `size mismatch: got ${bytes.length} bytes, expected ${file.size}`,
    };
  }
  const mismatch = await checksumMismatch(bytes, file, nodePlatform);
  if (mismatch === undefined) return undefined;
  const { algorithm, actual, expected } = mismatch;
  return {
    code: 'CHECKSUM_MISMATCH',
    reason: `checksum mismatch: ${algorithm} ${actual}, expected ${expected.toLowerCase()}`,
  };
}
