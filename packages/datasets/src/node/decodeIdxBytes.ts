import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../DatasetError';
import { isGzip } from '../isGzip';

const gunzipAsync = promisify(gunzip);

/** Gunzips `bytes` when they start with the gzip magic (whatever the file is called); raw IDX passes through. */
export async function decodeIdxBytes(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const out = await gunzipAsync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    throw new DatasetError(
      'DECOMPRESS_FAILED',
      `${file}: gzip data is corrupt (${(cause as Error).message ?? String(cause)}).`,
      { cause, file },
    );
  }
}
