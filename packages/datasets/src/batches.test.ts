import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches } from './batches';
import { DatasetError } from './DatasetError';
import { MNIST_MEAN, MNIST_STD, pixelLookupTable } from './pixelLookupTable';
import type { Split } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `count` images of rows × cols whose byte k (counted over the whole split) is `byte(k)`; label i % 10. */
function splitOf(count: number, rows: number, cols: number, byte: (k: number) => number): Split {
  const images = Uint8Array.from({ length: count * rows * cols }, (_, k) => byte(k));
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count, rows, cols };
}

/** Image i: pixel j = (i * 7 + j) & 255; label i % 10. */
function makeSplit(count: number, rows = 2, cols = 3): Split {
  const pixels = rows * cols;
  return splitOf(count, rows, cols, (k) => (Math.floor(k / pixels) * 7 + (k % pixels)) & 255);
}

/** Recovers the row index of each batch row from its first pixel (valid for count ≤ 36 with unit scaling). */
function rowIds(xs: Float32Array, pixels: number, size: number): number[] {
  return Array.from({ length: size }, (_, r) => Math.round(xs[r * pixels]! * 255) / 7);
}

describe('batches', () => {
  it('yields float32 xs [B, rows*cols] and int32 ys [B], with length', () => {
    const split = makeSplit(10);
    const it = batches(split, { batchSize: 4, shuffle: false });
    expect(it.length).toBe(3);
    expect(it.rows).toBe(10);
    const sizes: number[] = [];
    for (const batch of it) {
      expect(batch.xs.dtype).toBe('float32');
      expect(batch.xs.shape).toEqual([batch.size, 6]);
      expect(batch.ys.dtype).toBe('int32');
      expect(batch.ys.shape).toEqual([batch.size]);
      sizes.push(batch.size);
      tf.dispose([batch.xs, batch.ys]);
    }
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('dropLast skips the short last batch', () => {
    const it = batches(makeSplit(10), { batchSize: 4, dropLast: true });
    expect(it.length).toBe(2);
    expect(it.rows).toBe(8);
    const sizes = [...it].map((b) => {
      tf.dispose([b.xs, b.ys]);
      return b.size;
    });
    expect(sizes).toEqual([4, 4]);
  });

  it('scales exactly through the lookup table (unit and standardize)', () => {
    const split: Split = {
      images: Uint8Array.from([0, 1, 128, 255]),
      labels: Uint8Array.from([3]),
      count: 1,
      rows: 2,
      cols: 2,
    };
    const [unit] = [...batches(split, { batchSize: 1 })];
    expect([...unit!.xs.dataSync()]).toEqual([0, 1, 128, 255].map((v) => Math.fround(v / 255)));
    expect([...unit!.ys.dataSync()]).toEqual([3]);
    const [std] = [...batches(split, { batchSize: 1, normalize: 'standardize' })];
    expect([...std!.xs.dataSync()]).toEqual(
      [0, 1, 128, 255].map((v) => Math.fround((v / 255 - MNIST_MEAN) / MNIST_STD)),
    );
    const [custom] = [...batches(split, { batchSize: 1, normalize: 'standardize', mean: 0.5, std: 0.5 })];
    expect(custom!.xs.dataSync()[0]).toBe(-1);
    expect(custom!.xs.dataSync()[3]).toBe(1);
    tf.dispose([unit!.xs, unit!.ys, std!.xs, std!.ys, custom!.xs, custom!.ys]);
    const table = pixelLookupTable();
    expect(table.length).toBe(256);
    expect(table[255]).toBe(1);
  });

  it('one-hot labels', () => {
    const split = makeSplit(5);
    const [batch] = [...batches(split, { batchSize: 5, shuffle: false, oneHot: true })];
    expect(batch!.ys.dtype).toBe('float32');
    expect(batch!.ys.shape).toEqual([5, 10]);
    const rows = batch!.ys.arraySync() as number[][];
    rows.forEach((row, i) => {
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(row[i % 10]).toBe(1);
    });
    tf.dispose([batch!.xs, batch!.ys]);
    const bad = () => [...batches(split, { batchSize: 5, oneHot: true, numClasses: 3 })];
    expect(bad).toThrow(/out of range/);
  });

  it('shuffles with a seed: each index once per pass, same seed same order, different seed different order', () => {
    const split = makeSplit(30);
    const order = (seed: number, shuffle = true) => {
      const ids: number[] = [];
      for (const b of batches(split, { batchSize: 7, seed, shuffle })) {
        ids.push(...rowIds(b.xs.dataSync() as Float32Array, 6, b.size));
        const labels = b.ys.dataSync();
        for (const [r, id] of ids.slice(-b.size).entries()) expect(labels[r]).toBe(id % 10);
        tf.dispose([b.xs, b.ys]);
      }
      return ids;
    };
    const a = order(1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(order(1)).toEqual(a);
    expect(order(2)).not.toEqual(a);
    expect(order(1, false)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const it = batches(split, { batchSize: 7, seed: 1 });
    expect(order(1)).toEqual(
      [...it].flatMap((b) => {
        const ids = rowIds(b.xs.dataSync() as Float32Array, 6, b.size);
        tf.dispose([b.xs, b.ys]);
        return ids;
      }),
    );
  });

  it('creates tensors lazily and leaks none once batches are disposed', () => {
    const before = tf.memory().numTensors;
    const it = batches(makeSplit(100), { batchSize: 16, oneHot: true });
    expect(tf.memory().numTensors).toBe(before);
    const iterator = it[Symbol.iterator]();
    const first = iterator.next();
    expect(tf.memory().numTensors).toBe(before + 2);
    if (!first.done) tf.dispose([first.value.xs, first.value.ys]);
    for (let r = iterator.next(); !r.done; r = iterator.next()) {
      tf.tidy(() => {
        tf.add(r.value.xs, tf.sum(r.value.ys));
      });
      tf.dispose([r.value.xs, r.value.ys]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', () => {
    const split = makeSplit(3);
    for (const options of [
      { batchSize: 0 },
      { batchSize: 1.5 },
      { batchSize: 2, seed: Number.NaN },
      { batchSize: 2, normalize: 'standardize' as const, std: 0 },
      { batchSize: 2, normalize: 'minmax' as unknown as 'unit' },
    ]) {
      expect(() => batches(split, options)).toThrow(DatasetError);
    }
  });
});

/** The images of one unshuffled pass over `split` in a single batch, as pixel values 0–255. */
function imagesOf(split: Split, options: { flip?: boolean; shift?: number; seed?: number }): number[][] {
  const size = split.rows * split.cols;
  const out: number[][] = [];
  for (const b of batches(split, { batchSize: split.count, shuffle: false, ...options })) {
    const v = b.xs.dataSync();
    for (let r = 0; r < b.size; r++)
      out.push(Array.from(v.subarray(r * size, r * size + size), (x) => Math.round(x * 255)));
    tf.dispose([b.xs, b.ys]);
  }
  return out;
}

describe('batches flip augmentation', () => {
  // 2 rows × 3 cols; image i holds pixels i*6 + [0..5] so each row's order is visible.
  const split = splitOf(40, 2, 3, (k) => k % 250);
  const read = (options: { flip?: boolean; seed?: number }) => imagesOf(split, options);

  it('mirrors about half the images left-right, same seed → same flips, and never changes labels or order', () => {
    const plain = read({});
    const flipped = read({ flip: true, seed: 7 });
    let mirrored = 0;
    flipped.forEach((img, i) => {
      const p = plain[i]!;
      const mirror = [p[2], p[1], p[0], p[5], p[4], p[3]];
      if (img.join() === mirror.join()) mirrored++;
      else expect(img).toEqual(p);
    });
    expect(mirrored).toBeGreaterThan(10);
    expect(mirrored).toBeLessThan(30);
    expect(read({ flip: true, seed: 7 })).toEqual(flipped);
    expect(read({ flip: true, seed: 8 })).not.toEqual(flipped);
  });
});

describe('batches shift augmentation', () => {
  // 3 × 3 images with distinct non-zero pixels, so a translation is recognisable.
  const split = splitOf(30, 3, 3, (k) => 1 + ((k * 29) % 250));
  const read = (options: { shift?: number; seed?: number }) => imagesOf(split, options);
  const translate = (img: number[], dx: number, dy: number) =>
    Array.from({ length: 9 }, (_, k) => {
      const sy = Math.floor(k / 3) - dy;
      const sx = (k % 3) - dx;
      return sy >= 0 && sy < 3 && sx >= 0 && sx < 3 ? img[sy * 3 + sx]! : 0;
    });

  it('translates each image by up to `shift` pixels with background fill, reproducibly', () => {
    const plain = read({});
    const shifted = read({ shift: 1, seed: 3 });
    const seen = new Set<string>();
    shifted.forEach((img, i) => {
      const match = [-1, 0, 1]
        .flatMap((dy) => [-1, 0, 1].map((dx) => [dx, dy] as const))
        .find(([dx, dy]) => translate(plain[i]!, dx, dy).join() === img.join());
      expect(match, `image ${i}`).toBeDefined();
      seen.add(match!.join());
    });
    expect(seen.size).toBeGreaterThan(4);
    expect(read({ shift: 1, seed: 3 })).toEqual(shifted);
    expect(read({ shift: 0 })).toEqual(plain);
    expect(() => batches(split, { batchSize: 4, shift: -1 })).toThrow(DatasetError);
  });
});

describe('batches inputDropout augmentation', () => {
  const split = splitOf(50, 4, 4, (k) => 1 + ((k * 37) % 250));
  const read = (options: { inputDropout?: number; seed?: number; flip?: boolean }) => {
    const out: number[] = [];
    const labels: number[] = [];
    for (const b of batches(split, { batchSize: 16, shuffle: false, ...options })) {
      out.push(...b.xs.dataSync());
      labels.push(...b.ys.dataSync());
      tf.dispose([b.xs, b.ys]);
    }
    return { pixels: out, labels };
  };

  it('zeroes about p of the pixels, scales the rest by 1/(1 − p), reproducibly, labels untouched', () => {
    const plain = read({});
    const dropped = read({ inputDropout: 0.25, seed: 5 });
    let zeros = 0;
    dropped.pixels.forEach((x, i) => {
      if (x === 0) zeros++;
      else expect(x).toBeCloseTo(plain.pixels[i]! / 0.75, 6);
    });
    // 800 pixels, none 0 before: the count of dropped ones is Binomial(800, 0.25) ≈ 200 ± 12.
    expect(zeros).toBeGreaterThan(150);
    expect(zeros).toBeLessThan(250);
    expect(dropped.labels).toEqual(plain.labels);
    expect(read({ inputDropout: 0.25, seed: 5 })).toEqual(dropped);
    expect(read({ inputDropout: 0.25, seed: 6 })).not.toEqual(dropped);
    expect(read({ inputDropout: 0 })).toEqual(plain);
  });

  it('rejects rates outside [0, 1)', () => {
    for (const bad of [-0.1, 1, 1.5, Number.NaN]) {
      expect(() => batches(split, { batchSize: 4, inputDropout: bad })).toThrow(
        /inputDropout must be a number in \[0, 1\)/,
      );
    }
  });
});
