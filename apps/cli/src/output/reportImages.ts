import { divergingColor } from '@mnist-kit/evaluation';
import type { RasterImage } from './pngDataUrl.js';

/** A split's image `index` as a gray raster (light ink on black, as stored). */
export function splitImage(split: { images: Uint8Array; rows: number; cols: number }, index: number): RasterImage {
  const size = split.rows * split.cols;
  return {
    width: split.cols,
    height: split.rows,
    channels: 1,
    data: split.images.slice(index * size, (index + 1) * size),
  };
}

/**
 * Every unit's incoming weights as a `rows × cols` tile in one image (`columns` tiles a row, a 1 px gray
 * gap between): column `u` of the kernel `[rows·cols, units]` (row-major), each tile scaled to its own
 * largest |w| on the diverging map.
 */
export function weightTiles(
  kernel: Float32Array,
  shape: { inputs: number; units: number; rows: number; cols: number },
  columns = 16,
): RasterImage {
  const { inputs, units, rows, cols } = shape;
  if (rows * cols !== inputs || kernel.length !== inputs * units) {
    throw new Error(`weightTiles: a [${inputs}, ${units}] kernel is not ${units} tiles of ${rows}×${cols}`);
  }
  const across = Math.min(columns, units);
  const down = Math.ceil(units / across);
  const width = across * (cols + 1) - 1;
  const height = down * (rows + 1) - 1;
  const data = new Uint8Array(width * height * 3).fill(200);
  for (let u = 0; u < units; u++) {
    let max = 1e-12;
    for (let p = 0; p < inputs; p++) max = Math.max(max, Math.abs(kernel[p * units + u]!));
    const x0 = (u % across) * (cols + 1);
    const y0 = Math.floor(u / across) * (rows + 1);
    for (let p = 0; p < inputs; p++) {
      const [r, g, b] = divergingColor(kernel[p * units + u]! / max);
      const at = ((y0 + Math.floor(p / cols)) * width + x0 + (p % cols)) * 3;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
    }
  }
  return { width, height, channels: 3, data };
}
