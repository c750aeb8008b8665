import type { Split } from '@mnist-kit/datasets';
import { randomArray } from './randomArray';

/**
 * A small learnable `Split`: `count` images of `rows × cols` bytes, `classes` classes; each class
 * has a bright band of pixels at its own position plus seeded noise.
 */
export function syntheticSplit(count: number, { rows = 4, cols = 4, classes = 3, seed = 7 } = {}): Split {
  const pixels = rows * cols;
  const noise = randomArray(count * pixels, seed, 1);
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  const band = Math.max(1, Math.floor(pixels / classes));
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    labels[i] = label;
    for (let p = 0; p < pixels; p++) {
      const on = p >= label * band && p < (label + 1) * band;
      const value = (on ? 170 : 40) + noise[i * pixels + p]! * 60;
      images[i * pixels + p] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { images, labels, count, rows, cols };
}
