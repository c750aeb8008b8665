// Pure pixel helpers of the "inside the network" panels: a diverging colour map, weight tiles and heat-map
// strips painted into RGBA buffers (a canvas' ImageData), unit-tested in Node. The colour map is
// @mnist-kit/evaluation's `divergingColor`, the one the CLI's report paints with.
import { divergingColor } from '@mnist-kit/evaluation';

export { divergingColor };

/** The map at 511 levels over [−1, 1] (RGB triples), so painting is a table lookup per pixel. */
const LEVELS = 511;
const LUT = (() => {
  const table = new Uint8Array(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) table.set(divergingColor((2 * i) / (LEVELS - 1) - 1), i * 3);
  return table;
})();

/** The same map as opaque RGBA pixels packed for a `Uint32Array` view of ImageData (little-endian: R lowest). */
const LUT32 = (() => {
  const table = new Uint32Array(LEVELS);
  const bytes = new Uint8Array(table.buffer);
  for (let i = 0; i < LEVELS; i++) bytes.set([LUT[i * 3]!, LUT[i * 3 + 1]!, LUT[i * 3 + 2]!, 255], i * 4);
  return table;
})();
const HALF = (LEVELS - 1) / 2;

/** The pixel (as `LUT32` packs it) of `v · inverseScale`, clamped to [−1, 1]; NaN as 0. */
function colorOf(v: number, inverseScale: number): number {
  const x = (v * inverseScale + 1) * HALF + 0.5;
  if (x >= 1) return LUT32[x >= LEVELS ? LEVELS - 1 : x | 0]!;
  // Below the first level (−1 and under) the first colour; NaN fails every comparison: the middle (zero) one.
  return LUT32[x < 1 ? 0 : HALF]!;
}

/** A `Uint32Array` over the pixels of `rgba` (one element per RGBA pixel). */
function pixelsOf(rgba: Uint8ClampedArray): Uint32Array {
  return new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
}

/** Light gray, opaque: the gaps between tiles and the cells past the end. */
function fillGap(rgba: Uint8ClampedArray): void {
  rgba.fill(220);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
}

/** The largest |v| of `values` (at least `1e-12`, so that dividing by it is safe). */
export function maxAbs(values: ArrayLike<number>, from = 0, to = values.length, stride = 1): number {
  let max = 1e-12;
  for (let i = from; i < to; i += stride) {
    const v = Math.abs(values[i]!);
    if (v > max) max = v;
  }
  return max;
}

/** How tiles are placed: `columns` across, `rows` down, each `tileWidth × tileHeight` with a `gap` between. */
export interface TileGrid {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  gap: number;
  /** Canvas size that holds the grid. */
  width: number;
  height: number;
}

/** A grid of `count` tiles of `tileWidth × tileHeight`, `columns` across (fewer when there are fewer tiles). */
export function tileGrid(count: number, tileWidth: number, tileHeight: number, columns: number, gap = 1): TileGrid {
  const across = Math.max(1, Math.min(columns, count));
  const down = Math.max(1, Math.ceil(count / across));
  return {
    columns: across,
    rows: down,
    tileWidth,
    tileHeight,
    gap,
    width: across * (tileWidth + gap) - gap,
    height: down * (tileHeight + gap) - gap,
  };
}

/**
 * Paints units `from … from + count − 1` of a dense kernel `[rows·cols, units]` (row-major, as
 * `dense_1/kernel` holds it) as `rows × cols` weight images on the diverging map, each unit scaled to its
 * own largest |w|, into `rgba` (the ImageData of a `grid`-sized canvas; gaps light gray).
 */
export function paintWeightTiles(
  rgba: Uint8ClampedArray,
  kernel: ArrayLike<number>,
  shape: { units: number; rows: number; cols: number },
  grid: TileGrid,
  from = 0,
  count = shape.units - from,
): void {
  const { units, rows, cols } = shape;
  const inputs = rows * cols;
  if (kernel.length !== inputs * units) {
    throw new Error(`a kernel of ${kernel.length} values is not [${inputs}, ${units}]`);
  }
  fillGap(rgba);
  const n = Math.max(0, Math.min(count, units - from, grid.columns * grid.rows));
  // Row by row of the kernel (contiguous reads): first each unit's scale, then its pixel in every tile.
  const scales = new Float64Array(n).fill(1e-12);
  for (let p = 0; p < inputs; p++) {
    const row = p * units + from;
    for (let t = 0; t < n; t++) {
      const v = Math.abs(kernel[row + t]!);
      if (v > scales[t]!) scales[t] = v;
    }
  }
  const origins = new Int32Array(n);
  const inverse = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const x0 = (t % grid.columns) * (grid.tileWidth + grid.gap);
    const y0 = Math.floor(t / grid.columns) * (grid.tileHeight + grid.gap);
    origins[t] = y0 * grid.width + x0;
    inverse[t] = 1 / scales[t]!;
  }
  const pixels = pixelsOf(rgba);
  for (let p = 0; p < inputs; p++) {
    const row = p * units + from;
    const offset = Math.floor(p / cols) * grid.width + (p % cols);
    for (let t = 0; t < n; t++) pixels[origins[t]! + offset] = colorOf(kernel[row + t]!, inverse[t]!);
  }
}

/**
 * Paints `values` as a heat map of one pixel per value, `columns` values a row (the canvas is
 * `columns × ceil(n / columns)`), on the diverging map scaled by their largest |v| (or `scale`); cells past
 * the end are light gray. Returns the scale used.
 */
export function paintHeat(rgba: Uint8ClampedArray, values: ArrayLike<number>, scale?: number): number {
  const s = scale ?? maxAbs(values);
  const cells = rgba.length / 4;
  fillGap(rgba);
  const pixels = pixelsOf(rgba);
  for (let i = 0; i < Math.min(cells, values.length); i++) pixels[i] = colorOf(values[i]!, 1 / s);
  return s;
}

/**
 * Paints feature maps `[height, width, channels]` (one input's conv output, channels last, as tfjs lays
 * them out) as one `height × width` tile per channel into `rgba` (a `grid`-sized canvas), all on one scale:
 * the layer's largest |v|. Returns that scale.
 */
export function paintFeatureMaps(
  rgba: Uint8ClampedArray,
  values: ArrayLike<number>,
  shape: { height: number; width: number; channels: number },
  grid: TileGrid,
): number {
  const { height, width, channels } = shape;
  const s = maxAbs(values);
  fillGap(rgba);
  const pixels = pixelsOf(rgba);
  const n = Math.min(channels, grid.columns * grid.rows);
  for (let c = 0; c < n; c++) {
    const x0 = (c % grid.columns) * (grid.tileWidth + grid.gap);
    const y0 = Math.floor(c / grid.columns) * (grid.tileHeight + grid.gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        pixels[(y0 + y) * grid.width + x0 + x] = colorOf(values[(y * width + x) * channels + c]!, 1 / s);
      }
    }
  }
  return s;
}

/** Columns of a heat-map strip for `n` values: one row up to 32, else the smallest power-of-two width ≥ √(2n). */
export function heatColumns(n: number): number {
  if (n <= 32) return Math.max(1, n);
  let c = 32;
  while (c * c < 2 * n) c *= 2;
  return c;
}
