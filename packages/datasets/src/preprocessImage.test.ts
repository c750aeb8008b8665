import { createHash } from 'node:crypto';
import { mulberry32, thrownBy } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { preprocessDigit } from './preprocessDigit';
import { preprocessImage } from './preprocessImage';
import { grayImage, rgbaImage } from './test-utils/images';
import type { DigitImage } from './types';

/** A 28 × 28 light-on-dark image like Fashion-MNIST's: dark frame, random bright content inside. */
function fashionLike(seed: number): DigitImage {
  const random = mulberry32(seed);
  return grayImage(28, 28, (x, y) => (x < 2 || y < 2 || x > 25 || y > 25 ? 0 : Math.floor(random() * 256)));
}

describe("preprocessImage, mode 'resize'", () => {
  it('keeps a 28 × 28 single-channel light-on-dark image byte for byte', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const image = fashionLike(seed);
      expect(preprocessImage(image, { mode: 'resize' })).toEqual(Uint8Array.from(image.data));
    }
  });

  it('keeps a 28 × 28 gray image given as RGBA (a decoded gray PNG) byte for byte', () => {
    const image = fashionLike(5);
    const rgba = rgbaImage(28, 28, (x, y) => image.data[y * 28 + x]!);
    expect(preprocessImage(rgba, { mode: 'resize' })).toEqual(Uint8Array.from(image.data));
  });

  it('inverts a dark-on-light image exactly (255 − v), and not when invert is false', () => {
    const light = grayImage(28, 28, (x, y) => (x > 8 && x < 20 && y > 5 && y < 22 ? 30 : 250));
    const out = preprocessImage(light, { mode: 'resize' });
    expect(out).toEqual(Uint8Array.from(light.data, (v) => 255 - v));
    expect(preprocessImage(light, { mode: 'resize', invert: false })).toEqual(Uint8Array.from(light.data));
    const dark = fashionLike(3);
    expect(preprocessImage(dark, { mode: 'resize', invert: true })).toEqual(Uint8Array.from(dark.data, (v) => 255 - v));
  });

  it('halves a 56 × 56 image by 2 × 2 area averages', () => {
    const image = grayImage(56, 56, (x, y) => (x * 7 + y * 3) % 97);
    const out = preprocessImage(image, { mode: 'resize' });
    const at = (x: number, y: number) => image.data[y * 56 + x]!;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const mean = (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4;
        expect(Math.abs(out[y * 28 + x]! - mean)).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('doubles a 14 × 14 image into 2 × 2 blocks', () => {
    const image = grayImage(14, 14, (x, y) => (x * 13 + y * 5) % 200);
    const out = preprocessImage(image, { mode: 'resize' });
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) expect(out[y * 28 + x]).toBe(image.data[(y >> 1) * 14 + (x >> 1)]);
    }
  });

  it('keeps the aspect ratio: a wide image is centred by its box, padded with the background level', () => {
    // 56 × 28 dark-on-light (background 240 → 15 after inversion) with a black bar → 28 × 14, rows 7…20.
    const image = rgbaImage(56, 28, (x, y) => (y >= 10 && y < 18 && x >= 4 && x < 52 ? [0, 0, 0, 255] : 240));
    const out = preprocessImage(image, { mode: 'resize' });
    for (let y = 0; y < 28; y++) {
      const row = Array.from(out.subarray(y * 28, y * 28 + 28));
      if (y < 7 || y >= 21) expect(row, `row ${y}`).toEqual(new Array(28).fill(15));
    }
    // Inside the box: the bar (rows 5…8 of the 28 × 14 box → output rows 12…15), full ink.
    expect(out[13 * 28 + 14]).toBe(255);
    expect(out[8 * 28 + 14]).toBe(15);
  });

  it('composites alpha over white, takes the luma of colour', () => {
    // Transparent everywhere → white → inverted to black; an opaque red square → luma 76 → 179.
    const image = rgbaImage(28, 28, (x, y) =>
      x >= 10 && x < 18 && y >= 10 && y < 18 ? [255, 0, 0, 255] : [0, 0, 0, 0],
    );
    const out = preprocessImage(image, { mode: 'resize' });
    expect(out[0]).toBe(0);
    expect(out[14 * 28 + 14]).toBe(255 - Math.round(0.299 * 255));
  });

  it('accepts a blank image (all background), unlike the digit mode', () => {
    const blank = grayImage(40, 40, () => 0);
    expect(preprocessImage(blank, { mode: 'resize' })).toEqual(new Uint8Array(784));
    const white = grayImage(40, 30, () => 255);
    expect(preprocessImage(white, { mode: 'resize' })).toEqual(new Uint8Array(784));
    expect((thrownBy(() => preprocessImage(blank)) as DatasetError).code).toBe('EMPTY_IMAGE');
  });

  it('honours size', () => {
    const out = preprocessImage(
      grayImage(64, 64, (x) => x * 4),
      { mode: 'resize', size: 32 },
    );
    expect(out.length).toBe(32 * 32);
    expect(out[31]).toBeGreaterThan(out[0]!);
  });
});

describe("preprocessImage, mode 'digit' (the default)", () => {
  /** 400 generated images of many sizes, channel counts, polarities and strokes (5 % blank). */
  function generated(): DigitImage[] {
    const random = mulberry32(7);
    const images: DigitImage[] = [];
    for (let n = 0; n < 400; n++) {
      const width = 4 + Math.floor(random() * 90);
      const height = 4 + Math.floor(random() * 90);
      const channels = (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4;
      const background = random() < 0.5 ? Math.floor(random() * 60) : 200 + Math.floor(random() * 55);
      const ink = background > 127 ? Math.floor(random() * 80) : 180 + Math.floor(random() * 75);
      const cx = random() * width;
      const cy = random() * height;
      const r = 1 + (random() * Math.min(width, height)) / 2;
      const blank = random() < 0.05;
      const data = new Uint8Array(width * height * channels);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const d = Math.hypot(x - cx, y - cy);
          const on = !blank && (Math.abs(d - r * 0.7) < r * 0.2 || random() < 0.01);
          const v = on ? ink : background + Math.floor(random() * 10);
          const o = (y * width + x) * channels;
          for (let c = 0; c < channels; c++) data[o + c] = v + (c > 0 && c < 3 ? Math.floor(random() * 20) : 0);
          if (channels === 2 || channels === 4) {
            data[o + channels - 1] = random() < 0.1 ? Math.floor(random() * 255) : 255;
          }
        }
      }
      images.push({ data, width, height, channels });
    }
    return images;
  }

  let images: DigitImage[] | undefined;
  function digest(preprocess: (image: DigitImage) => Uint8Array): string {
    images ??= generated();
    const hash = createHash('sha256');
    for (const image of images) {
      try {
        hash.update(preprocess(image));
      } catch (error) {
        hash.update((error as DatasetError).code);
      }
    }
    return hash.digest('hex');
  }

  it('is preprocessDigit, byte for byte as before the two modes existed (golden digests)', () => {
    // Digests of the pre-refactor preprocessDigit over the same 400 images (outputs and error codes).
    const golden: [object, string][] = [
      [{}, '00e946f979eda6916f738d1cfcb0bd034913b8912cb650f033c0ac9f525d80fc'],
      [{ invert: true }, '488aab12e402c98e7fe7bd4079a3802ae0b01c19e3eb2a174577fd3959af182b'],
      [{ invert: false }, '1a62448db16b9eb6aa03429e1563cedcbe11a220d6f4d8d22ff6a76e3abb5b62'],
      [{ threshold: 10, fitSize: 24, size: 32 }, '1fbbd95d5ebfc6dae1f9b0c1433b8a74323e643e78e9a17b5b7dd22e0e46ff07'],
    ];
    for (const [options, expected] of golden) {
      expect(
        digest((image) => preprocessDigit(image, options)),
        JSON.stringify(options),
      ).toBe(expected);
      expect(digest((image) => preprocessImage(image, options))).toBe(expected);
      expect(digest((image) => preprocessImage(image, { ...options, mode: 'digit' }))).toBe(expected);
    }
    expect(digest((image) => preprocessImage(image))).toBe(digest((image) => preprocessDigit(image)));
  });
});

describe('preprocessImage options', () => {
  it('rejects an unknown mode and bad sizes with INVALID_OPTION', () => {
    const image = fashionLike(1);
    for (const options of [
      { mode: 'crop' as never },
      { mode: 'resize' as const, size: 0 },
      { mode: 'resize' as const, size: 2.5 },
      { mode: 'digit' as const, fitSize: 30 },
    ]) {
      const error = thrownBy(() => preprocessImage(image, options));
      expect(error, JSON.stringify(options)).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).code).toBe('INVALID_OPTION');
    }
    const short = { data: new Uint8Array(10), width: 28, height: 28, channels: 1 as const };
    expect((thrownBy(() => preprocessImage(short, { mode: 'resize' })) as DatasetError).code).toBe('INVALID_OPTION');
  });
});
