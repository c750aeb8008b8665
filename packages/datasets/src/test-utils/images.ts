import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DigitImage } from '../types';

/** PNG colour types: 0 gray, 2 RGB, 4 gray + alpha, 6 RGBA. */
export type PngColorType = 0 | 2 | 4 | 6;

/** A `width × height` image from `value(x, y)` → 0…255 gray (or `[r, g, b, a]`), as RGBA pixels. */
export function rgbaImage(
  width: number,
  height: number,
  value: (x: number, y: number) => number | readonly [number, number, number, number],
): DigitImage & { data: Uint8Array; channels: 4 } {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = value(x, y);
      data.set(typeof v === 'number' ? [v, v, v, 255] : v, (y * width + x) * 4);
    }
  }
  return { data, width, height, channels: 4 };
}

/** A one-channel image from `value(x, y)`. */
export function grayImage(width: number, height: number, value: (x: number, y: number) => number): DigitImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height, channels: 1 };
}

/** PNG bytes of an RGBA image, stored as `colorType` at `bitDepth` (pngjs makes gray from R, G, B). */
export function encodePng(image: DigitImage, colorType: PngColorType = 0, bitDepth: 8 | 16 = 8): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  // 16-bit input is native-endian 16-bit samples (v × 257 spans 0…65535).
  png.data =
    bitDepth === 8
      ? Buffer.from(image.data as Uint8Array)
      : Buffer.from(Uint16Array.from(image.data as Uint8Array, (v) => v * 257).buffer);
  const buffer = PNG.sync.write(png, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** JPEG bytes of an RGBA image (jpeg-js writes RGB). */
export function encodeJpeg(image: DigitImage, quality = 95): Uint8Array {
  const encoded = jpeg.encode({ data: image.data as Uint8Array, width: image.width, height: image.height }, quality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}

/** Writes `files` (path relative to `dir` → bytes or text), creating folders; returns `dir`. */
export async function writeTree(dir: string, files: Record<string, Uint8Array | string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
