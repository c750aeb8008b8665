import { DatasetError } from '../DatasetError';
import type { DigitImage } from '../types';

// Pixel helpers shared by the preprocessing modes of `preprocessImage` ('digit' and 'resize').

/** `v` limited to `lo … hi`. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Throws `INVALID_OPTION` unless `image` has positive integer sizes, 1–4 channels and enough data. */
export function checkImage(image: DigitImage): void {
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
}

/** Grayscale as floats in 0…255: luma (0.299 R + 0.587 G + 0.114 B) for colour, alpha composited over white. */
export function toGray(data: ArrayLike<number>, pixels: number, channels: number): Float32Array {
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

/** The median of the outermost pixels (the frame): the background level of a centred subject. */
export function borderMedian(gray: Float32Array, width: number, height: number): number {
  const values: number[] = [];
  for (let x = 0; x < width; x++) {
    values.push(gray[x]!);
    if (height > 1) values.push(gray[(height - 1) * width + x]!);
  }
  for (let y = 1; y < height - 1; y++) {
    values.push(gray[y * width]!);
    if (width > 1) values.push(gray[y * width + width - 1]!);
  }
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * Grayscale of `image`, inverted to light-on-dark when `invert` says so (`'auto'`: when the border
 * median is light, above 127.5), and the background level after that inversion.
 */
export function lightOnDark(image: DigitImage, invert: 'auto' | boolean): { gray: Float32Array; background: number } {
  const { data, width, height, channels } = image;
  const gray = toGray(data, width * height, channels);
  const border = borderMedian(gray, width, height);
  const flip = invert === 'auto' ? border > 127.5 : invert;
  if (flip) for (let i = 0; i < gray.length; i++) gray[i] = 255 - gray[i]!;
  return { gray, background: flip ? 255 - border : border };
}

/** Area-averaging resize (box filter with fractional coverage), separable; works for up- and down-scaling. */
export function resizeArea(src: Float32Array, w: number, h: number, nw: number, nh: number): Float32Array {
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
