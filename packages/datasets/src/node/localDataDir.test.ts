import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MNIST_FILE_NAMES } from '@mnist-kit/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetError } from '../DatasetError';
import { type DatasetFileKey, FILE_KEYS } from '../registry';
import { gzip, makeTestDataset } from '../test-utils/idx';
import { tempDir } from '../test-utils/tempDir';
import { loadDataset } from './loadDataset';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

/** Writes the four files into the temp folder under their published `.gz` names. */
async function writeDataset(files: Record<DatasetFileKey, Uint8Array>): Promise<void> {
  for (const key of FILE_KEYS) await writeFile(join(tmp.dir, MNIST_FILE_NAMES[key]), files[key]);
}

const noNetwork: typeof fetch = () => {
  throw new Error('dataDir must not touch the network');
};

describe('loadDataset({ dataDir })', () => {
  it('loads .gz and raw IDX files, detecting gzip by content, under any accepted name', async () => {
    const data = makeTestDataset({ name: 'fashion-mnist', hash: 'none' });
    // gzip with a non-.gz name, raw with a .gz name, raw plain, dotted Kaggle-style name.
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte'), gzip(data.raw.trainImages, 9));
    await writeFile(join(tmp.dir, 'train-labels-idx1-ubyte.gz'), data.raw.trainLabels);
    await writeFile(join(tmp.dir, 't10k-images-idx3-ubyte'), data.raw.testImages);
    await writeFile(join(tmp.dir, 't10k-labels.idx1-ubyte'), data.raw.testLabels);
    const dataset = await loadDataset({ name: 'fashion-mnist', dataDir: tmp.dir, fetch: noNetwork, spec: data.spec });
    expect(dataset.source).toBe('local');
    expect(dataset.name).toBe('fashion-mnist');
    expect([...dataset.train.labels]).toEqual(data.trainLabels);
    expect(dataset.test.images).toEqual(data.raw.testImages.subarray(16));
    expect(Object.getPrototypeOf(dataset.train.images)).toBe(Uint8Array.prototype);
  });

  it('validates local files structurally (a recompressed .gz with another hash is fine)', async () => {
    const data = makeTestDataset({ name: 'fashion-mnist' });
    for (const key of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) {
      await writeFile(join(tmp.dir, data.spec.files[key].name), gzip(data.raw[key], 9));
    }
    const dataset = await loadDataset({ name: 'fashion-mnist', dataDir: tmp.dir, spec: data.spec });
    expect(dataset.train.count).toBe(24);
  });

  it('missing file → FILE_MISSING naming the path', async () => {
    const data = makeTestDataset({ hash: 'none' });
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte.gz'), data.gz.trainImages);
    const error = (await loadDataset({ name: 'mnist', dataDir: tmp.dir, spec: data.spec }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.code).toBe('FILE_MISSING');
    expect(error.file).toBe(join(tmp.dir, 'train-labels-idx1-ubyte.gz'));
    expect(error.message).toContain(join(tmp.dir, 'train-labels-idx1-ubyte.gz'));
    const missingDir = (await loadDataset({ name: 'mnist', dataDir: join(tmp.dir, 'nope') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(missingDir.code).toBe('FILE_MISSING');
  });

  it('malformed local files fail with the parser code and the path', async () => {
    const data = makeTestDataset({ hash: 'none' });
    const big = makeTestDataset({ hash: 'none', testCount: 13 });
    await mkdir(tmp.dir, { recursive: true });
    await writeDataset({ ...data.gz, testLabels: big.gz.testLabels });
    const error = (await loadDataset({ name: 'mnist', dataDir: tmp.dir }).catch((e: unknown) => e)) as DatasetError;
    expect(error.code).toBe('IDX_COUNT_MISMATCH');
    expect(error.message).toContain(join(tmp.dir, 't10k-labels-idx1-ubyte.gz'));
  });

  it('test images with other dims than train → IDX_BAD_DIMS', async () => {
    const a = makeTestDataset({ hash: 'none' });
    const b = makeTestDataset({ hash: 'none', rows: 5 });
    await writeDataset({ ...a.gz, testImages: b.gz.testImages, testLabels: b.gz.testLabels });
    const error = (await loadDataset({ name: 'mnist', dataDir: tmp.dir }).catch((e: unknown) => e)) as DatasetError;
    expect(error.code).toBe('IDX_BAD_DIMS');
  });
});
