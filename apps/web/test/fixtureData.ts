import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Split } from '@mnist-kit/datasets';

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A small learnable MNIST-format split: image of class k is a bright 6×6 block at slot k (five
 * columns, two rows, jittered by ±1 px) over dim noise. Labels cycle 0…9 in a shuffled order.
 */
export function syntheticSplit(count: number, seed = 1): Split {
  const rand = prng(seed);
  const rows = 28;
  const cols = 28;
  const images = new Uint8Array(count * rows * cols);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = Math.floor(rand() * 10);
    labels[i] = label;
    const base = i * rows * cols;
    for (let p = 0; p < rows * cols; p++) images[base + p] = Math.floor(rand() * 50);
    const x0 = 2 + (label % 5) * 5 + Math.floor(rand() * 3) - 1;
    const y0 = 5 + Math.floor(label / 5) * 11 + Math.floor(rand() * 3) - 1;
    for (let y = y0; y < y0 + 6; y++) {
      for (let x = x0; x < x0 + 6; x++) images[base + y * cols + x] = 200 + Math.floor(rand() * 55);
    }
  }
  return { images, labels, count, rows, cols };
}

/** IDX bytes: magic 2051 with dims `[n, rows, cols]` for images, 2049 with `[n]` for labels. */
export function idxBytes(kind: 'images' | 'labels', body: Uint8Array, dims: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, kind === 'images' ? 2051 : 2049);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** Writes a synthetic dataset as the four gzipped MNIST files into `dir`. */
export function writeFixtureDataset(dir: string, options: { train?: number; test?: number; seed?: number } = {}): void {
  const { train = 2000, test = 500, seed = 1 } = options;
  mkdirSync(dir, { recursive: true });
  const splits = { train: syntheticSplit(train, seed), t10k: syntheticSplit(test, seed + 1) };
  for (const [prefix, split] of Object.entries(splits)) {
    const images = idxBytes('images', split.images, [split.count, split.rows, split.cols]);
    const labels = idxBytes('labels', split.labels, [split.count]);
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(images));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(labels));
  }
}
