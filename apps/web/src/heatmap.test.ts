import { describe, expect, it } from 'vitest';
import {
  divergingColor,
  heatColumns,
  maxAbs,
  paintFeatureMaps,
  paintHeat,
  paintWeightTiles,
  tileGrid,
} from './heatmap';

const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) =>
  Array.from(rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

describe('divergingColor', () => {
  it('blue for −1, near-white for 0, red for +1; clamps and treats NaN as 0', () => {
    expect(divergingColor(-1)).toEqual([33, 102, 172]);
    expect(divergingColor(0)).toEqual([247, 247, 247]);
    expect(divergingColor(1)).toEqual([178, 24, 43]);
    expect(divergingColor(5)).toEqual(divergingColor(1));
    expect(divergingColor(Number.NaN)).toEqual(divergingColor(0));
    const [r, , b] = divergingColor(0.75);
    expect(r).toBeGreaterThan(b);
  });
});

describe('tiles and heat maps', () => {
  it('tileGrid: columns across, rows down, 1 px gaps', () => {
    expect(tileGrid(128, 28, 28, 16)).toMatchObject({ columns: 16, rows: 8, width: 16 * 29 - 1, height: 8 * 29 - 1 });
    expect(tileGrid(10, 28, 28, 16)).toMatchObject({ columns: 10, rows: 1, width: 10 * 29 - 1 });
  });

  it('paintWeightTiles: unit u is column u of the kernel, scaled to its own largest |w|', () => {
    // 2×2 images, 3 units: unit 0 = [1, 0, 0, -1], unit 1 = [0.1, 0, 0, 0], unit 2 = [0, 0, -2, 0].
    const kernel = new Float32Array([1, 0.1, 0, 0, 0, 0, 0, 0, -2, -1, 0, 0]);
    const grid = tileGrid(3, 2, 2, 2);
    const rgba = new Uint8ClampedArray(grid.width * grid.height * 4);
    paintWeightTiles(rgba, kernel, { units: 3, rows: 2, cols: 2 }, grid);
    expect(grid).toMatchObject({ width: 5, height: 5 });
    expect(pixel(rgba, 5, 0, 0)).toEqual([178, 24, 43, 255]); // unit 0, +1 of 1
    expect(pixel(rgba, 5, 1, 1)).toEqual([33, 102, 172, 255]); // unit 0, −1
    expect(pixel(rgba, 5, 3, 0)).toEqual([178, 24, 43, 255]); // unit 1: 0.1 is its largest
    expect(pixel(rgba, 5, 0, 4)).toEqual([33, 102, 172, 255]); // unit 2 (second row), pixel (0, 1)
    expect(pixel(rgba, 5, 2, 0)).toEqual([220, 220, 220, 255]); // the gap
    // A page: units 1… only.
    paintWeightTiles(rgba, kernel, { units: 3, rows: 2, cols: 2 }, grid, 1, 2);
    expect(pixel(rgba, 5, 0, 0)).toEqual([178, 24, 43, 255]); // unit 1 first
    expect(() => paintWeightTiles(rgba, kernel, { units: 4, rows: 2, cols: 2 }, grid)).toThrow(/not \[4, 4\]/);
  });

  it('paintHeat: one pixel per value on one scale; heatColumns shapes the strip', () => {
    const rgba = new Uint8ClampedArray(4 * 4);
    expect(paintHeat(rgba, [2, -1, 0])).toBe(2);
    expect(pixel(rgba, 4, 0, 0)).toEqual([178, 24, 43, 255]);
    expect(pixel(rgba, 4, 2, 0)).toEqual([247, 247, 247, 255]);
    expect(pixel(rgba, 4, 3, 0)).toEqual([220, 220, 220, 255]);
    expect(heatColumns(10)).toBe(10);
    expect(heatColumns(128)).toBe(32);
    expect(heatColumns(1024)).toBe(64);
    expect(maxAbs([])).toBe(1e-12);
  });

  it('paintFeatureMaps: channel c of [h, w, c] is tile c', () => {
    // 1×2 maps, 2 channels: channel 0 = [1, 0], channel 1 = [0, -1].
    const values = [1, 0, 0, -1];
    const grid = tileGrid(2, 2, 1, 2);
    const rgba = new Uint8ClampedArray(grid.width * grid.height * 4);
    paintFeatureMaps(rgba, values, { height: 1, width: 2, channels: 2 }, grid);
    expect(pixel(rgba, grid.width, 0, 0)).toEqual([178, 24, 43, 255]);
    expect(pixel(rgba, grid.width, 4, 0)).toEqual([33, 102, 172, 255]);
  });
});
