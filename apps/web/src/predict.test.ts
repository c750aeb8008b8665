import '@tensorflow/tfjs-backend-cpu';
import { createMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { argMax, predictDigit } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 100×100 RGBA image: white paper with a black vertical bar (a "1"). */
function drawnOne(): { data: Uint8ClampedArray; width: number; height: number; channels: 4 } {
  const width = 100;
  const height = 100;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 20; y < 80; y++) {
    for (let x = 45; x < 55; x++) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  }
  return { data, width, height, channels: 4 };
}

describe('argMax', () => {
  it('returns the first largest index', () => {
    expect(argMax([0.1, 0.5, 0.5, 0.2])).toBe(1);
    expect(argMax([])).toBe(-1);
  });
});

describe('predictDigit', () => {
  it('preprocesses like the CLI and returns probabilities that sum to 1', async () => {
    const model = createMlp({ hiddenSizes: [16], seed: 1 });
    const before = tf.memory().numTensors;
    const result = await predictDigit(model, drawnOne());
    expect(result).toBeDefined();
    expect(result!.input).toHaveLength(784);
    // light ink on black, centred: the middle column is bright, the corner dark
    expect(result!.input[14 * 28 + 14]).toBeGreaterThan(200);
    expect(result!.input[0]).toBe(0);
    expect(result!.probabilities).toHaveLength(10);
    expect(result!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(result!.top).toBe(argMax(result!.probabilities));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('resolves undefined for a blank canvas', async () => {
    const model = createMlp({ hiddenSizes: [], seed: 1 });
    const blank = { data: new Uint8ClampedArray(40 * 40 * 4).fill(255), width: 40, height: 40, channels: 4 as const };
    expect(await predictDigit(model, blank)).toBeUndefined();
    model.dispose();
  });

  it("preprocesses in the model's recorded mode: 'resize' keeps the frame where 'digit' crops to the ink", async () => {
    const digit = createMlp({ hiddenSizes: [], seed: 1 });
    const framed = createMlp({ hiddenSizes: [], seed: 1, preprocessing: 'resize' });
    const cropped = (await predictDigit(digit, drawnOne()))!.input;
    const kept = (await predictDigit(framed, drawnOne()))!.input;
    // The bar spans 60 % of the picture: cropped to the ink it fills 20 of 28 rows, kept as framed about 17.
    const rowsWithInk = (input: Uint8Array) =>
      Array.from({ length: 28 }, (_, y) => input.subarray(y * 28, y * 28 + 28).some((v) => v > 127)).filter(Boolean)
        .length;
    expect(rowsWithInk(cropped)).toBe(20);
    expect(rowsWithInk(kept)).toBeLessThan(18);
    // A blank image is valid as framed (nothing to crop to is an error only for a digit).
    const blank = { data: new Uint8ClampedArray(40 * 40 * 4).fill(255), width: 40, height: 40, channels: 4 as const };
    expect(await predictDigit(framed, blank)).toBeDefined();
    digit.dispose();
    framed.dispose();
  });

  it('feeds the model its own pixel scaling (a standardized model gets standardized pixels)', async () => {
    const seen: number[][] = [];
    const spy = (pixelScaling?: { normalize: 'unit' | 'standardize'; mean: number; std: number }) => ({
      pixelScaling,
      predict: (x: tf.Tensor) => {
        seen.push(Array.from(x.dataSync()));
        return tf.softmax(tf.zeros([1, 10])) as tf.Tensor2D;
      },
    });
    await predictDigit(spy(), drawnOne());
    await predictDigit(spy({ normalize: 'standardize', mean: 0.5, std: 0.25 }), drawnOne());
    const bright = 14 * 28 + 14;
    const byte = Math.round(seen[0]![bright]! * 255);
    expect(seen[1]![bright]).toBeCloseTo((byte / 255 - 0.5) / 0.25, 5);
    expect(seen[1]![0]).toBeCloseTo(-2, 5);
  });
});
