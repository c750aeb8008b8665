import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { CliError } from './CliError.js';

/** RGBA pixels of a decoded image. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 4;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Reads a PNG or JPEG file (detected by its bytes, not its name) into RGBA pixels. */
export async function decodeImage(path: string): Promise<DecodedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('IMAGE', code === 'ENOENT' ? `image not found: ${path}` : `cannot read image ${path}: ${code}`, {
      cause: error,
    });
  }
  try {
    if (startsWith(bytes, PNG_MAGIC)) {
      const png = PNG.sync.read(bytes);
      return {
        data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
        width: png.width,
        height: png.height,
        channels: 4,
      };
    }
    if (startsWith(bytes, JPEG_MAGIC)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return { data: img.data, width: img.width, height: img.height, channels: 4 };
    }
  } catch (error) {
    throw new CliError('IMAGE', `${path} is a corrupt image: ${(error as Error).message}`, { cause: error });
  }
  throw new CliError('IMAGE', `${path} is not a PNG or JPEG image`);
}
