import { preprocessImage } from './preprocessImage';
import type { DigitImage, PreprocessDigitOptions } from './types';

export type { DigitImage, PreprocessDigitOptions } from './types';

/**
 * MNIST-style preprocessing of a drawn or photographed digit into `size × size` bytes
 * (light ink on black): grayscale (luma; alpha over white), auto-invert from the border, stretch
 * contrast from the background level to the brightest ink, crop to the ink's bounding box, scale
 * to fit `fitSize × fitSize` keeping aspect (area averaging), and place it so its centre of mass
 * sits at the centre of the frame (to the nearest pixel, never pushing ink out of the frame).
 * Pure: no tfjs, no DOM. Throws `DatasetError('EMPTY_IMAGE')` when there is no ink.
 *
 * The same as `preprocessImage(image, { ...options, mode: 'digit' })`.
 */
export function preprocessDigit(image: DigitImage, options: PreprocessDigitOptions = {}): Uint8Array {
  return preprocessImage(image, { ...options, mode: 'digit' });
}
