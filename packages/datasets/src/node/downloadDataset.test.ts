import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../DatasetError';
import { DATASETS } from '../registry';
import { makeTestDataset } from '../test-utils/idx';
import { makeRealSizeDataset } from '../test-utils/realSizeDataset';
import type { Route, TestServer } from '../test-utils/server';
import { type ServerFixture, serverPerTest } from '../test-utils/serverPerTest';
import { listFiles } from '../test-utils/tempDir';
import type { DownloadProgress } from '../types';
import { cachedDatasets } from './cachedDatasets';
import { defaultCacheDir } from './defaultCacheDir';
import { DEFAULT_DOWNLOAD_CONCURRENCY, downloadDataset } from './downloadDataset';

let server: TestServer;
let tmp: ServerFixture['tmp'];
serverPerTest((fixture) => ({ server, tmp } = fixture));

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

describe('downloadDataset: files fetched independently (real-size files)', () => {
  const real = makeRealSizeDataset();
  const trainImages = real.spec.files.trainImages.name;
  const FAST = { retries: 2, retryDelayMs: 1, timeoutMs: 10_000 } as const;
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

  it('train-images cut off on every mirror: the three others are cached, one error names it with each mirror and reason; the next call fetches only it', async () => {
    // Every answer for train-images stops after 2 MB (Range is honoured, so each retry resumes: 6 MB of 9.9 MB).
    const cut = (body: Uint8Array): Route => ({ kind: 'cut', body, after: 2_000_000 });
    server.routeAll('m1', real.files, (body, name) =>
      name === trainImages ? cut(body) : { kind: 'status', status: 503 },
    );
    server.routeAll('m2', real.files, (body, name) => (name === trainImages ? cut(body) : { kind: 'serve', body }));
    const mirrors = [server.mirror('m1'), server.mirror('m2')];
    const progress: DownloadProgress[] = [];
    const options = {
      name: 'mnist',
      spec: real.spec,
      mirrors,
      cacheDir: tmp.dir,
      ...FAST,
      onProgress: (p: DownloadProgress) => {
        progress.push(p);
        server.dropCutsWhenReceived(p);
      },
    } as const;
    const error = (await downloadDataset(options).catch((e: unknown) => e)) as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.failures.map((f) => [f.key, f.file, f.code])).toEqual([
      ['trainImages', trainImages, 'DOWNLOAD_FAILED'],
    ]);
    const attempts = error.failures[0]!.attempts;
    expect(attempts.map((a) => [a.mirror, a.url, a.code])).toEqual(
      mirrors.map((m) => [m, m + trainImages, 'SIZE_MISMATCH']),
    );
    for (const a of attempts) {
      expect(a.reason).toMatch(/^truncated: connection lost after 6000000 of 9912422 bytes, resumed at byte 4000000 /);
    }
    expect(error.file).toBe(trainImages);
    expect(error.attempts).toEqual(attempts);
    expect(error.message).toMatch(
      /^Could not download 1 of 4 files of mnist \(the 3 other files are verified and cached/,
    );
    expect(error.message).toContain(`Could not download ${trainImages} from any of 2 mirror(s)`);
    for (const a of attempts) expect(error.message).toContain(`${a.mirror}: ${a.reason}`);
    // Three tries per mirror, each resuming where the last stopped.
    expect(server.log(`/m1/${trainImages}`).map((r) => r.range)).toEqual([
      undefined,
      'bytes=2000000-',
      'bytes=4000000-',
    ]);

    const dir = join(tmp.dir, 'mnist');
    const others = Object.keys(real.files).filter((n) => n !== trainImages);
    expect(await listFiles(dir)).toEqual([...others].sort());
    for (const name of others)
      expect(same(new Uint8Array(await readFile(join(dir, name))), real.files[name]!)).toBe(true);
    // One progress stream per file.
    expect(new Set(progress.map((p) => p.file))).toEqual(new Set(Object.keys(real.files)));

    server.route(`/m1/${trainImages}`, { kind: 'serve', body: real.bytes.trainImages });
    const before = server.requests();
    const again = await downloadDataset(options);
    expect(again.files.map((f) => [f.key, f.source])).toEqual([
      ['trainImages', 'download'],
      ['trainLabels', 'cache'],
      ['testImages', 'cache'],
      ['testLabels', 'cache'],
    ]);
    expect(server.log().slice(before)).toMatchObject([
      { path: `/m1/${trainImages}`, range: undefined, bytesSent: real.bytes.trainImages.length },
    ]);
    expect(await listFiles(dir)).toEqual(Object.keys(real.files).sort());
    expect(same(new Uint8Array(await readFile(join(dir, trainImages))), real.bytes.trainImages)).toBe(true);
  });

  it.each([
    [DEFAULT_DOWNLOAD_CONCURRENCY, undefined],
    [1, 1],
    [2, 2],
    [4, 4],
  ])('fetches at most %i file(s) at once (concurrency: %s)', async (bound, concurrency) => {
    const data = makeTestDataset();
    server.routeAll('m1', data.files, (body) => ({ kind: 'gate', body }));
    const done = downloadDataset({
      name: 'mnist',
      spec: data.spec,
      mirrors: [server.mirror('m1')],
      cacheDir: tmp.dir,
      concurrency,
    });
    await server.whenInFlight(bound);
    // Were the bound not kept, the other requests would arrive meanwhile (no wait can make a correct run fail).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.inFlight()).toBe(bound);
    expect(server.requests()).toBe(bound);
    server.openGates();
    const result = await done;
    expect(result.files.map((f) => f.source)).toEqual(['download', 'download', 'download', 'download']);
    expect(server.maxInFlight()).toBe(bound);
    expect(server.requests()).toBe(4);
  });

  it('rejects a concurrency that is not an integer ≥ 1', async () => {
    for (const concurrency of [0, 1.5, Number.NaN]) {
      const error = await downloadDataset({ name: 'mnist', cacheDir: tmp.dir, mirrors: [], concurrency }).catch(
        (e: unknown) => e,
      );
      expect((error as DatasetError).code).toBe('INVALID_OPTION');
    }
  });

  it('lists every file that failed, each with its mirrors, and the cause of each', async () => {
    const data = makeTestDataset();
    server.routeAll('m1', data.files, (body, name) =>
      name === 't10k-labels-idx1-ubyte.gz' ? { kind: 'serve', body } : { kind: 'status', status: 404 },
    );
    const error = (await downloadDataset({
      name: 'mnist',
      spec: data.spec,
      mirrors: [server.mirror('m1')],
      cacheDir: tmp.dir,
    }).catch((e: unknown) => e)) as DatasetError;
    expect(error.failures.map((f) => f.key)).toEqual(['trainImages', 'trainLabels', 'testImages']);
    for (const f of error.failures) {
      expect(f.attempts).toEqual([
        {
          mirror: server.mirror('m1'),
          url: server.mirror('m1') + f.file,
          reason: 'HTTP 404 Not Found',
          code: 'FILE_MISSING',
        },
      ]);
      expect(error.message).toContain(`Could not download ${f.file} from any of 1 mirror(s):`);
    }
    expect(error.message.split('\n')[0]).toBe(
      `Could not download 3 of 4 files of mnist (the other file is verified and cached in ${join(tmp.dir, 'mnist')}; a new attempt fetches only what is missing):`,
    );
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect(await listFiles(join(tmp.dir, 'mnist'))).toEqual(['t10k-labels-idx1-ubyte.gz']);
  });
});
