import { DatasetError } from './DatasetError';

/** An image as raw interleaved pixels, e.g. a canvas `ImageData` (RGBA) or a decoded PNG/JPEG. */
export interface DigitImage {
  /** `width × height × channels` values in 0…255, row-major, channels interleaved. */
  data: ArrayLike<number>;
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. Alpha is composited over white. */
  channels: 1 | 2 | 3 | 4;
}

/** Options of {@link preprocessDigit}. */
export interface PreprocessDigitOptions {
  /**
   * Whether to invert to light-on-dark. `'auto'` inverts when the border pixels (the background)
   * are light. Defaults to `'auto'`.
   */
  invert?: 'auto' | boolean;
  /** Ink threshold (0…255, after inversion and contrast stretch) that defines the crop box. Defaults to `40`. */
  threshold?: number;
  /** Side of the square the cropped digit is scaled to fit, keeping aspect. Defaults to `20`. */
  fitSize?: number;
  /** Side of the square output. Defaults to `28`. */
  size?: number;
}

/** Minimum ink-vs-background contrast (0…255) below which an image counts as blank. */
const MIN_CONTRAST = 32;

/**
 * MNIST-style preprocessing of a drawn or photographed digit into `size × size` bytes
 * (light ink on black): grayscale (luma; alpha over white), auto-invert from the border, stretch
 * contrast from the background level to the brightest ink, crop to the ink's bounding box, scale
 * to fit `fitSize × fitSize` keeping aspect (area averaging), and place it so its centre of mass
 * sits at the centre of the frame (to the nearest pixel, never pushing ink out of the frame).
 * Pure: no tfjs, no DOM. Throws `DatasetError('EMPTY_IMAGE')` when there is no ink.
 */
export function preprocessDigit(image: DigitImage, options: PreprocessDigitOptions = {}): Uint8Array {
  const { invert = 'auto', threshold = 40, fitSize = 20, size = 28 } = options;
  const { data, width, height, channels } = image;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new DatasetError('INVALID_OPTION', `image size must be positive integers, got ${width}×${height}.`);
  }
  if (![1, 2, 3, 4].includes(channels)) {
    throw new DatasetError('INVALID_OPTION', `channels must be 1, 2, 3 or 4, got ${channels}.`);
  }
  if (data.length < width * height * channels) {
    throw new DatasetError(
      'INVALID_OPTION',
      `image data has ${data.length} values, expected ${width}×${height}×${channels} = ${width * height * channels}.`,
    );
  }
  if (!(Number.isInteger(fitSize) && Number.isInteger(size) && fitSize >= 1 && fitSize <= size)) {
    throw new DatasetError('INVALID_OPTION', `need integers 1 ≤ fitSize ≤ size, got fitSize ${fitSize}, size ${size}.`);
  }

  const gray = toGray(data, width * height, channels);
  const border = borderValues(gray, width, height);
  const flip = invert === 'auto' ? median(border) > 127.5 : invert;
  if (flip) for (let i = 0; i < gray.length; i++) gray[i] = 255 - gray[i]!;

  const background = flip ? 255 - median(border) : median(border);
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

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function toGray(data: ArrayLike<number>, pixels: number, channels: number): Float32Array {
  const gray = new Float32Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += channels) {
    let v: number;
    let alpha = 1;
    if (channels <= 2) {
      v = data[j]!;
      if (channels === 2) alpha = data[j + 1]! / 255;
    } else {
      v = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
      if (channels === 4) alpha = data[j + 3]! / 255;
    }
    gray[i] = v * alpha + 255 * (1 - alpha);
  }
  return gray;
}

function borderValues(gray: Float32Array, width: number, height: number): number[] {
  const values: number[] = [];
  for (let x = 0; x < width; x++) {
    values.push(gray[x]!);
    if (height > 1) values.push(gray[(height - 1) * width + x]!);
  }
  for (let y = 1; y < height - 1; y++) {
    values.push(gray[y * width]!);
    if (width > 1) values.push(gray[y * width + width - 1]!);
  }
  return values;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Area-averaging resize (box filter with fractional coverage), separable; works for up- and down-scaling. */
function resizeArea(src: Float32Array, w: number, h: number, nw: number, nh: number): Float32Array {
  const horizontal = new Float32Array(h * nw);
  const wx = areaWeights(w, nw);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < nw; x++) {
      let sum = 0;
      for (const [k, weight] of wx[x]!) sum += src[y * w + k]! * weight;
      horizontal[y * nw + x] = sum;
    }
  }
  const out = new Float32Array(nh * nw);
  const wy = areaWeights(h, nh);
  for (let y = 0; y < nh; y++) {
    for (const [k, weight] of wy[y]!) {
      for (let x = 0; x < nw; x++) out[y * nw + x]! += horizontal[k * nw + x]! * weight;
    }
  }
  return out;
}

/** For each of `n` output cells, the source cells it covers and their normalised overlap. */
function areaWeights(srcLen: number, n: number): [number, number][][] {
  const step = srcLen / n;
  const weights: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    const start = i * step;
    const end = start + step;
    const cell: [number, number][] = [];
    for (let k = Math.floor(start); k < Math.min(srcLen, Math.ceil(end)); k++) {
      const overlap = Math.min(end, k + 1) - Math.max(start, k);
      if (overlap > 1e-9) cell.push([k, overlap / step]);
    }
    weights.push(cell);
  }
  return weights;
}
