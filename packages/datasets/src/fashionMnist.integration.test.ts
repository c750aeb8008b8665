import { existsSync } from 'node:fs';
import { FASHION_MNIST_DIR } from '@mnist-kit/test-utils';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches } from './batches';
import { loadDataset } from './node/loadDataset';
import { shuffledIndices } from './shuffledIndices';
import { splitValidation } from './splitValidation';
import { takeSubset } from './takeSubset';
import type { Dataset } from './types';

const DIR = FASHION_MNIST_DIR;
const files = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];
const present = files.every((f) => existsSync(`${DIR}/${f}`));
// Skips without Debian's dataset-fashion-mnist, unless MNIST_KIT_REQUIRE_FASHION=1 (.ci/run): then it fails.
const required = process.env.MNIST_KIT_REQUIRE_FASHION === '1';

function perClass(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

describe.skipIf(!present && !required)(`real Fashion-MNIST from ${DIR}`, () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset({ name: 'fashion-mnist', dataDir: DIR });
  });

  it('loads 60000/10000 28×28 images, 6000 train and 1000 test per class', () => {
    expect(dataset.source).toBe('local');
    expect(dataset.train).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(dataset.test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(dataset.train.images.length).toBe(60000 * 784);
    expect(perClass(dataset.train.labels)).toEqual(new Array(10).fill(6000));
    expect(perClass(dataset.test.labels)).toEqual(new Array(10).fill(1000));
    expect(dataset.classNames?.[0]).toBe('T-shirt/top');
  });

  it('one shuffled epoch covers each of the 60000 indices exactly once; seeds are reproducible', () => {
    const order = shuffledIndices(dataset.train.count, 123);
    const seen = new Uint8Array(dataset.train.count);
    for (const i of order) seen[i]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(shuffledIndices(60000, 123)).toEqual(order);
    expect(shuffledIndices(60000, 124)).not.toEqual(order);
  });

  it('batches over a subset visit each row once per epoch, same seed same order', async () => {
    await tf.setBackend('cpu');
    const subset = takeSubset(dataset.train, 1000, 9);
    const before = tf.memory().numTensors;
    const labelsOf = (seed: number) => {
      const labels: number[] = [];
      const rowSums: number[] = [];
      for (const batch of batches(subset, { batchSize: 64, seed })) {
        labels.push(...(batch.ys.dataSync() as Int32Array));
        const xs = batch.xs.dataSync() as Float32Array;
        for (let r = 0; r < batch.size; r++) {
          let sum = 0;
          for (let j = 0; j < 784; j++) sum += Math.round(xs[r * 784 + j]! * 255);
          rowSums.push(sum);
        }
        tf.dispose([batch.xs, batch.ys]);
      }
      return { labels, rowSums };
    };
    const a = labelsOf(1);
    expect(a.labels.length).toBe(1000);
    expect(perClass(Uint8Array.from(a.labels))).toEqual(perClass(subset.labels));
    const expectedSums: number[] = [];
    for (let i = 0; i < 1000; i++)
      expectedSums.push(subset.images.subarray(i * 784, (i + 1) * 784).reduce((s, v) => s + v, 0));
    expect([...a.rowSums].sort((x, y) => x - y)).toEqual(expectedSums.sort((x, y) => x - y));
    expect(labelsOf(1)).toEqual(a);
    expect(labelsOf(2).labels).not.toEqual(a.labels);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('splitValidation keeps every row exactly once', () => {
    const { train, validation } = splitValidation(dataset.train, 1 / 6, 0);
    expect([train.count, validation.count]).toEqual([50000, 10000]);
    const total = perClass(train.labels).map((n, c) => n + perClass(validation.labels)[c]!);
    expect(total).toEqual(new Array(10).fill(6000));
  });
});
