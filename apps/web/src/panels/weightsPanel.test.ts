import '@tensorflow/tfjs-backend-cpu';
import { createCnn, createMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { divergingColor, paintWeightTiles, tileGrid } from '../heatmap';
import { convFilterMatrix, firstConvKernel, firstPixelKernel } from './weightsPanel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the first layer of a model', () => {
  it("an MLP: dense_1/kernel over the pixels, no convolution; a CNN: conv2d_1/kernel's k×k filters", () => {
    const mlp = createMlp({ hiddenSizes: [16], seed: 1 });
    expect(firstPixelKernel(mlp.params, 784)).toMatchObject({ name: 'dense_1/kernel', units: 16 });
    expect(firstConvKernel(mlp.params)).toBeUndefined();
    const cnn = createCnn({ seed: 1 });
    expect(firstConvKernel(cnn.params)).toMatchObject({ name: 'conv2d_1/kernel', size: 5, inChannels: 1, filters: 8 });
    expect(firstPixelKernel(cnn.params, 784)).toBeUndefined();
    mlp.dispose();
    cnn.dispose();
  });

  it('a [k, k, 1, filters] kernel is already the [k·k, filters] matrix the tiles are painted from', () => {
    const cnn = createCnn({ filters: [3], denseSizes: [], seed: 2 });
    const conv = firstConvKernel(cnn.params)!;
    const values = conv.kernel.dataSync() as Float32Array;
    expect(convFilterMatrix(values, 1, 3)).toBe(values);
    const grid = tileGrid(3, 5, 5, 16);
    expect([grid.width, grid.height]).toEqual([3 * 6 - 1, 5]);
    const rgba = new Uint8ClampedArray(grid.width * grid.height * 4);
    paintWeightTiles(rgba, values, { units: 3, rows: 5, cols: 5 }, grid);
    // Each filter's largest |w| has the map's end colour (deep red or deep blue) in its tile.
    for (let f = 0; f < 3; f++) {
      const column = Array.from({ length: 25 }, (_, p) => Math.abs(values[p * 3 + f]!));
      const p = column.indexOf(Math.max(...column));
      const at = ((p / 5) | 0) * grid.width + f * 6 + (p % 5);
      expect([divergingColor(1), divergingColor(-1)]).toContainEqual(Array.from(rgba.subarray(at * 4, at * 4 + 3)));
    }
    cnn.dispose();
  });

  it('of several input channels, the first one is shown', () => {
    // [k=1, k=1, 2 channels, 3 filters]: channel 0 is [1, 2, 3], channel 1 [4, 5, 6].
    expect(Array.from(convFilterMatrix(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 2, 3]);
  });
});
