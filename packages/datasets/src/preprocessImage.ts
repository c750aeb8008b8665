import { DatasetError } from './DatasetError';
import { checkImage, clamp, lightOnDark, resizeArea } from './internal/pixels';
import type { DigitImage, PreprocessImageOptions } from './types';

/** Minimum ink-vs-background contrast (0…255) below which an image counts as blank (`'digit'` mode). */
const MIN_CONTRAST = 32;

/**
 * Turns an image of any size into `size × size` grayscale bytes, light on dark, as the model sees
 * its input. Pure: no tfjs, no DOM.
 *
 * - `mode: 'digit'` (the default) is MNIST's recipe, exactly {@link preprocessDigit}: grayscale
 *   (luma; alpha over white), auto-invert from the border, stretch contrast from the background level
 *   to the brightest ink, crop to the ink's bounding box, scale to fit `fitSize × fitSize` keeping
 *   aspect (area averaging), and place it so its centre of mass sits at the centre (to the nearest
 *   pixel, never pushing ink out of the frame). Throws `DatasetError('EMPTY_IMAGE')` when there is no ink.
 * - `mode: 'resize'` keeps the picture as framed: grayscale, auto-invert from the border (same
 *   `invert` option), no contrast stretch, area-average resize keeping aspect to fit `size × size`,
 *   centred by its box, the rest padded with the background level. A `size × size` single-channel
 *   light-on-dark image comes out byte-identical; a blank image is valid.
 */
export function preprocessImage(image: DigitImage, options: PreprocessImageOptions = {}): Uint8Array {
  const { mode = 'digit', invert = 'auto', threshold = 40, fitSize = 20, size = 28 } = options;
  checkImage(image);
  if (mode === 'digit') {
    if (!(Number.isInteger(fitSize) && Number.isInteger(size) && fitSize >= 1 && fitSize <= size)) {
      throw new DatasetError(
        'INVALID_OPTION',
        `need integers 1 ≤ fitSize ≤ size, got fitSize ${fitSize}, size ${size}.`,
      );
    }
    return fitDigit(image, invert, threshold, fitSize, size);
  }
  if (mode === 'resize') {
    if (!(Number.isInteger(size) && size >= 1)) {
      throw new DatasetError('INVALID_OPTION', `size must be an integer ≥ 1, got ${size}.`);
    }
    return fitImage(image, invert, size);
  }
  throw new DatasetError('INVALID_OPTION', `mode must be 'digit' or 'resize', got ${String(mode)}.`);
}

/** The `'digit'` pipeline (see {@link preprocessImage}); `image` and the sizes are checked. */
function fitDigit(
  image: DigitImage,
  invert: 'auto' | boolean,
  threshold: number,
  fitSize: number,
  size: number,
): Uint8Array {
  const { width, height } = image;
  const { gray, background } = lightOnDark(image, invert);
  let max = 0;
  for (let i = 0; i < gray.length; i++) if (gray[i]! > max) max = gray[i]!;
  if (max - background < MIN_CONTRAST) {
    throw new DatasetError('EMPTY_IMAGE', `the ${width}×${height} image has no visible ink (it is blank).`);
  }
  const gain = 255 / (max - background);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.max(0, (gray[i]! - background) * gain);

  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) throw new DatasetError('EMPTY_IMAGE', `the ${width}×${height} image has no ink above ${threshold}.`);
  const cropW = x1 - x0 + 1;
  const cropH = y1 - y0 + 1;
  const crop = new Float32Array(cropW * cropH);
  for (let y = 0; y < cropH; y++) crop.set(gray.subarray((y0 + y) * width + x0, (y0 + y) * width + x1 + 1), y * cropW);

  const scale = fitSize / Math.max(cropW, cropH);
  const fitW = Math.max(1, Math.min(fitSize, Math.round(cropW * scale)));
  const fitH = Math.max(1, Math.min(fitSize, Math.round(cropH * scale)));
  const fitted = resizeArea(crop, cropW, cropH, fitW, fitH);

  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < fitH; y++) {
    for (let x = 0; x < fitW; x++) {
      const v = fitted[y * fitW + x]!;
      mass += v;
      mx += x * v;
      my += y * v;
    }
  }
  const centre = size / 2 - 0.5;
  const offsetX = clamp(Math.round(centre - mx / mass), 0, size - fitW);
  const offsetY = clamp(Math.round(centre - my / mass), 0, size - fitH);
  const out = new Uint8Array(size * size);
  for (let y = 0; y < fitH; y++) {
    for (let x = 0; x < fitW; x++) {
      out[(offsetY + y) * size + offsetX + x] = clamp(Math.round(fitted[y * fitW + x]!), 0, 255);
    }
  }
  return out;
}

/** The `'resize'` pipeline (see {@link preprocessImage}); `image` and `size` are checked. */
function fitImage(image: DigitImage, invert: 'auto' | boolean, size: number): Uint8Array {
  const { width, height } = image;
  const { gray, background } = lightOnDark(image, invert);
  const scale = size / Math.max(width, height);
  const fitW = Math.max(1, Math.min(size, Math.round(width * scale)));
  const fitH = Math.max(1, Math.min(size, Math.round(height * scale)));
  const fitted = fitW === width && fitH === height ? gray : resizeArea(gray, width, height, fitW, fitH);
  const offsetX = (size - fitW) >> 1;
  const offsetY = (size - fitH) >> 1;
  const out = new Uint8Array(size * size).fill(clamp(Math.round(background), 0, 255));
  for (let y = 0; y < fitH; y++) {
    for (let x = 0; x < fitW; x++) {
      out[(offsetY + y) * size + offsetX + x] = clamp(Math.round(fitted[y * fitW + x]!), 0, 255);
    }
  }
  return out;
}
