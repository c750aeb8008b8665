import { DatasetError } from '../DatasetError';
import { isGzip } from '../isGzip';
import type { DatasetPlatform } from './DatasetPlatform';

/**
 * Gunzips `bytes` with the platform's gunzip when they start with the gzip magic (whatever the file is
 * called); raw IDX passes through. Corrupt gzip is `DECOMPRESS_FAILED` naming `file`.
 */
export async function decodeIdxFile(bytes: Uint8Array, file: string, platform: DatasetPlatform): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await platform.gunzip(bytes);
  } catch (cause) {
    throw new DatasetError(
      'DECOMPRESS_FAILED',
      `${file}: gzip data is corrupt (${(cause as Error).message ?? String(cause)}).`,
      { cause, file },
    );
  }
}
