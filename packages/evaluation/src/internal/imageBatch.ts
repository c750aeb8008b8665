import type { LabeledImages } from '../types';

/** Pixels of examples `start … end-1` as float32 row-major `[end-start, rows*cols]`, scaled to [0, 1]. */
export function imageBatch(split: LabeledImages, start: number, end: number): Float32Array {
  const size = split.rows * split.cols;
  const bytes = split.images.subarray(start * size, end * size);
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}
