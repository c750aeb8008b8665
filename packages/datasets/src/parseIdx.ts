import { DatasetError } from './DatasetError';
import { isGzip } from './isGzip';

/** IDX magic number of an unsigned-byte 3-D file (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** IDX magic number of an unsigned-byte 1-D file (labels). */
export const IDX_LABELS_MAGIC = 2049;

/** A parsed IDX images file. `data` is a view into the input bytes (no copy). */
export interface IdxImages {
  kind: 'images';
  count: number;
  rows: number;
  cols: number;
  /** `count × rows × cols` pixel bytes, row-major. */
  data: Uint8Array;
}

/** A parsed IDX labels file. `data` is a view into the input bytes (no copy). */
export interface IdxLabels {
  kind: 'labels';
  count: number;
  /** One byte per item. */
  data: Uint8Array;
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** File name or path used in error messages. Defaults to `'IDX data'`. */
  file?: string;
  /** Require this kind of file; anything else is `IDX_BAD_MAGIC`. Defaults to accepting both. */
  expect?: 'images' | 'labels';
}

/**
 * Parses uncompressed IDX bytes (unsigned-byte images or labels) and checks the length exactly:
 * a short file is `IDX_TRUNCATED`, extra bytes are `IDX_TRAILING_BYTES`. Gzipped input is rejected
 * with `IDX_BAD_MAGIC` (decompress it first; the loaders do).
 */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions & { expect: 'images' }): IdxImages;
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions & { expect: 'labels' }): IdxLabels;
export function parseIdx(bytes: Uint8Array, options?: ParseIdxOptions): IdxImages | IdxLabels;
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxImages | IdxLabels {
  const file = options.file ?? 'IDX data';
  if (isGzip(bytes)) {
    throw new DatasetError('IDX_BAD_MAGIC', `${file}: data is still gzip-compressed; decompress it before parsing.`, {
      file,
    });
  }
  if (bytes.length < 8) {
    throw new DatasetError('IDX_TRUNCATED', `${file}: only ${bytes.length} bytes, too short for an IDX header.`, {
      file,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const kind = magic === IDX_IMAGES_MAGIC ? 'images' : magic === IDX_LABELS_MAGIC ? 'labels' : undefined;
  if (kind === undefined) {
    const looksHtml = bytes[0] === 0x3c || (bytes[0] === 0xef && bytes[3] === 0x3c);
    throw new DatasetError(
      'IDX_BAD_MAGIC',
      `${file}: bad IDX magic number ${magic} (0x${magic.toString(16).padStart(8, '0')}); expected ` +
        `${IDX_IMAGES_MAGIC} (images) or ${IDX_LABELS_MAGIC} (labels)${looksHtml ? ' — this looks like an HTML page' : ''}.`,
      { file },
    );
  }
  if (options.expect !== undefined && options.expect !== kind) {
    const want = options.expect === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
    throw new DatasetError(
      'IDX_BAD_MAGIC',
      `${file}: expected an IDX ${options.expect} file (magic ${want}) but found a ${kind} file (magic ${magic}).`,
      { file },
    );
  }
  const headerLength = kind === 'images' ? 16 : 8;
  if (bytes.length < headerLength) {
    throw new DatasetError(
      'IDX_TRUNCATED',
      `${file}: only ${bytes.length} bytes, too short for an IDX ${kind} header (${headerLength} bytes).`,
      { file },
    );
  }
  const count = view.getUint32(4);
  const rows = kind === 'images' ? view.getUint32(8) : 1;
  const cols = kind === 'images' ? view.getUint32(12) : 1;
  if (kind === 'images' && (rows === 0 || cols === 0)) {
    throw new DatasetError('IDX_BAD_DIMS', `${file}: image dimensions ${rows}×${cols} are invalid.`, { file });
  }
  const expected = headerLength + count * rows * cols;
  if (bytes.length < expected) {
    throw new DatasetError(
      'IDX_TRUNCATED',
      `${file}: truncated: the header announces ${count} ${kind}${kind === 'images' ? ` of ${rows}×${cols}` : ''} ` +
        `(${expected} bytes) but there are only ${bytes.length} bytes.`,
      { file },
    );
  }
  if (bytes.length > expected) {
    throw new DatasetError(
      'IDX_TRAILING_BYTES',
      `${file}: ${bytes.length - expected} unexpected trailing bytes after ${count} ${kind} (expected ${expected} bytes, got ${bytes.length}).`,
      { file },
    );
  }
  const data = bytes.subarray(headerLength, expected);
  return kind === 'images' ? { kind, count, rows, cols, data } : { kind, count, data };
}
