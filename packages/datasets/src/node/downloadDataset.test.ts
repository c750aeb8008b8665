import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATASETS } from '../registry';
import { makeTestDataset } from '../test-utils/idx';
import { startServer, type TestServer } from '../test-utils/server';
import { tempDir } from '../test-utils/tempDir';
import { cachedDatasets } from './cachedDatasets';
import { defaultCacheDir } from './defaultCacheDir';
import { downloadDataset } from './downloadDataset';

let server: TestServer;
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  server = await startServer();
  tmp = await tempDir();
});
afterEach(async () => {
  await server.close();
  await tmp.cleanup();
});

describe('downloadDataset', () => {
  it('fetches and verifies all four files into <cacheDir>/<name>, without parsing', async () => {
    const data = makeTestDataset({ name: 'kmnist' });
    server.routeAll('m1', data.files);
    const result = await downloadDataset({
      name: 'kmnist',
      spec: data.spec,
      mirrors: [server.mirror('m1')],
      cacheDir: tmp.dir,
    });
    expect(result.dir).toBe(join(tmp.dir, 'kmnist'));
    expect(result.cacheDir).toBe(tmp.dir);
    expect(result.files.map((f) => f.key)).toEqual(['trainImages', 'trainLabels', 'testImages', 'testLabels']);
    expect(result.files[0]).toEqual({
      key: 'trainImages',
      name: 'train-images-idx3-ubyte.gz',
      path: join(tmp.dir, 'kmnist', 'train-images-idx3-ubyte.gz'),
      source: 'download',
      mirror: server.mirror('m1'),
      size: data.gz.trainImages.length,
    });
    const again = await downloadDataset({ name: 'kmnist', spec: data.spec, mirrors: [], cacheDir: tmp.dir });
    expect(again.files.map((f) => f.source)).toEqual(['cache', 'cache', 'cache', 'cache']);
    expect(server.requests()).toBe(4);
  });
});

describe('cachedDatasets / defaultCacheDir', () => {
  it('lists datasets present in the cache, with completeness by published size', async () => {
    expect(await cachedDatasets(tmp.dir)).toEqual([]);
    const dir = join(tmp.dir, 'mnist');
    await mkdir(dir, { recursive: true });
    for (const file of Object.values(DATASETS.mnist.files))
      await writeFile(join(dir, file.name), new Uint8Array(file.size!));
    await mkdir(join(tmp.dir, 'kmnist'));
    await writeFile(join(tmp.dir, 'kmnist', 'train-images-idx3-ubyte.gz'), new Uint8Array(3));
    const found = await cachedDatasets(tmp.dir);
    expect(found.map((d) => [d.name, d.complete])).toEqual([
      ['mnist', true],
      ['kmnist', false],
    ]);
    expect(found[0]!.bytes).toBe(9912422 + 28881 + 1648877 + 4542);
    expect(found[1]!.files.map((f) => [f.name, f.size])).toEqual([['train-images-idx3-ubyte.gz', 3]]);
    expect(found[1]!.missing).toEqual([
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
    ]);
  });

  it('defaultCacheDir: $MNIST_KIT_CACHE, else the platform cache dir', () => {
    const saved = process.env.MNIST_KIT_CACHE;
    try {
      process.env.MNIST_KIT_CACHE = '/some/where';
      expect(defaultCacheDir()).toBe('/some/where');
      delete process.env.MNIST_KIT_CACHE;
      expect(defaultCacheDir()).toBe(envPaths('mnist-kit', { suffix: '' }).cache);
      expect(defaultCacheDir()).toMatch(/mnist-kit/);
    } finally {
      if (saved === undefined) delete process.env.MNIST_KIT_CACHE;
      else process.env.MNIST_KIT_CACHE = saved;
    }
  });
});
