import { isGzip } from '../isGzip';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../parseIdx';

/** `true` when the bytes look like text markup (an HTML error or index page) rather than data. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    i < 64 &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i] === 0x3c;
}

/** `true` when the bytes start like a gzip stream or an unsigned-byte IDX file. */
export function looksLikeData(bytes: Uint8Array): boolean {
  if (isGzip(bytes)) return true;
  if (bytes.length < 4) return false;
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  return magic === IDX_IMAGES_MAGIC || magic === IDX_LABELS_MAGIC;
}
