import { type PixelScaling, scalePixels } from '@mnist-kit/datasets';
import type { LabeledImages } from '../types';

/** Pixels of examples `start … end-1` as float32 row-major `[end-start, rows*cols]`, scaled as `scaling` says. */
export function imageBatch(split: LabeledImages, start: number, end: number, scaling: PixelScaling): Float32Array {
  const size = split.rows * split.cols;
  return scalePixels(split.images.subarray(start * size, end * size), scaling);
}
