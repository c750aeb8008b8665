// Images for the CLI tests: a dataset folder's test set read back, and 28×28 images written as PNG files
// (upscaled, inverted) for `predict` and for image folders.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

/** The test split of the four gzipped IDX files in `dir`: its image bytes (784 a 28×28 image) and labels. */
export function readTestSet(dir: string): { images: Uint8Array; labels: Uint8Array } {
  return {
    images: gunzipSync(readFileSync(join(dir, 't10k-images-idx3-ubyte.gz'))).subarray(16),
    labels: gunzipSync(readFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'))).subarray(8),
  };
}

/**
 * A PNG of the 28×28 image `i` of `images`, upscaled `scale`× and, when `inverted`, dark-on-light (as a photo
 * or scan would be).
 */
export function digitPng(images: Uint8Array, i: number, { scale = 1, inverted = false } = {}): Buffer {
  const size = 28 * scale;
  const image = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = images[i * 784 + Math.floor(y / scale) * 28 + Math.floor(x / scale)] ?? 0;
      const o = (y * size + x) * 4;
      image.data.fill(inverted ? 255 - v : v, o, o + 3);
      image.data[o + 3] = 255;
    }
  return PNG.sync.write(image);
}

/** The first `count` images of `images` written as `<dir>/digit-<i>.png` ({@link digitPng} with `options`). */
export function writeDigitPngs(
  images: Uint8Array,
  count: number,
  dir: string,
  options: { scale?: number; inverted?: boolean },
): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = join(dir, `digit-${i}.png`);
    writeFileSync(file, digitPng(images, i, options));
    return file;
  });
}
