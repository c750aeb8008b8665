import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DatasetPlatform } from '../internal/DatasetPlatform';

const gunzipAsync = promisify(gunzip);

/** The Node {@link DatasetPlatform}: `node:zlib` and `node:crypto` (SHA-256 and MD5). */
export const nodePlatform: DatasetPlatform = {
  async gunzip(bytes) {
    const out = await gunzipAsync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  async sha256(bytes) {
    return createHash('sha256').update(bytes).digest('hex');
  },
  async md5(bytes) {
    return createHash('md5').update(bytes).digest('hex');
  },
};
