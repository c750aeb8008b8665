import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from '../DatasetError';
import type { DigitImage } from '../types';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
/** Largest JPEG decoded, in megapixels (jpeg-js refuses bigger ones): a 12 000 × 8 000 photo. */
const MAX_JPEG_MEGAPIXELS = 100;
/** Memory jpeg-js may use for one image, in MB. */
const MAX_JPEG_MEMORY_MB = 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a PNG or a JPEG (told apart by their magic bytes, not by the name) into RGBA pixels
 * (`channels: 4`), ready for `preprocessImage`. Node only: the browser decodes with a canvas.
 *
 * @param file names the image in error messages (a path or a name).
 * @throws DatasetError `BAD_IMAGE` naming `file`: "… is not a PNG or JPEG image", "… is a corrupt PNG: …".
 */
export function decodeImage(bytes: Uint8Array, file: string): DigitImage {
  if (startsWith(bytes, PNG_MAGIC)) {
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return {
        data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
        width: png.width,
        height: png.height,
        channels: 4,
      };
    } catch (cause) {
      throw new DatasetError('BAD_IMAGE', `${file} is a corrupt PNG: ${reason(cause)}`, { cause, file });
    }
  }
  if (startsWith(bytes, JPEG_MAGIC)) {
    try {
      const image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_JPEG_MEGAPIXELS,
        maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB,
      });
      if (!(image.width > 0 && image.height > 0)) throw new Error('no image data');
      return { data: image.data, width: image.width, height: image.height, channels: 4 };
    } catch (cause) {
      throw new DatasetError('BAD_IMAGE', `${file} is a corrupt JPEG: ${reason(cause)}`, { cause, file });
    }
  }
  throw new DatasetError('BAD_IMAGE', `${file} is not a PNG or JPEG image.`, { file });
}

/**
 * Reads and decodes a PNG or JPEG file ({@link decodeImage}).
 *
 * @throws DatasetError `BAD_IMAGE` naming `path`, also when it cannot be read ("cannot read …: ENOENT").
 */
export async function readImageFile(path: string): Promise<DigitImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? reason(cause);
    throw new DatasetError('BAD_IMAGE', `cannot read ${path}: ${code}`, { cause, file: path });
  }
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim() || 'unknown error';
}
