import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../DatasetError';
import { FILE_KEYS } from '../registry';
import { makeTestDataset, type TestDataset } from '../test-utils/idx';
import type { Route, TestServer } from '../test-utils/server';
import { type ServerFixture, serverPerTest } from '../test-utils/serverPerTest';
import { listFiles } from '../test-utils/tempDir';
import type { DownloadProgress } from '../types';
import { DEFAULT_DOWNLOAD_CONCURRENCY } from './downloadDataset';
import { loadDataset } from './loadDataset';

const FAST = { retries: 2, retryDelayMs: 1, timeoutMs: 2000 } as const;

let server: TestServer;
let cache: ServerFixture['tmp'];
let data: TestDataset;
serverPerTest((fixture) => ({ server, tmp: cache, data } = fixture));

/** The cache holds exactly the four published files, byte-identical, and no temp files. */
async function expectCorrectCache(): Promise<void> {
  const dir = join(cache.dir, 'mnist');
  expect(await listFiles(dir)).toEqual(Object.keys(data.files).sort());
  for (const [name, bytes] of Object.entries(data.files)) {
    expect(new Uint8Array(await readFile(join(dir, name)))).toEqual(bytes);
  }
}

function expectDataset(dataset: Awaited<ReturnType<typeof loadDataset>>): void {
  expect(dataset.name).toBe('mnist');
  expect(dataset.train).toMatchObject({ count: 24, rows: 4, cols: 3 });
  expect(dataset.test).toMatchObject({ count: 12, rows: 4, cols: 3 });
  expect([...dataset.train.labels]).toEqual(data.trainLabels);
  expect([...dataset.test.labels]).toEqual(data.testLabels);
  expect(dataset.train.images).toEqual(data.raw.trainImages.subarray(16));
  expect(dataset.classNames).toEqual(data.spec.classNames);
}

/** `loadDataset` of `data` from the named mirrors of the test server into the test cache, with fast retries. */
function load(mirrors: string[] = ['m1'], options: Partial<Parameters<typeof loadDataset>[0]> = {}) {
  return loadDataset({
    name: 'mnist',
    spec: data.spec,
    mirrors: mirrors.map((m) => server.mirror(m)),
    cacheDir: cache.dir,
    ...FAST,
    ...options,
  });
}

describe('loadDataset (Node, download + cache)', () => {
  it('downloads, verifies, caches and parses; reports progress', async () => {
    server.routeAll('m1', data.files);
    const progress: DownloadProgress[] = [];
    const dataset = await load(['m1'], { onProgress: (p) => progress.push(p) });
    expectDataset(dataset);
    expect(dataset.source).toBe('download');
    expect(server.requests()).toBe(4);
    await expectCorrectCache();
    for (const key of FILE_KEYS) {
      const last = progress.filter((p) => p.file === data.spec.files[key].name).at(-1);
      expect(last).toEqual({
        file: data.spec.files[key].name,
        bytesDone: data.gz[key].length,
        bytesTotal: data.gz[key].length,
        mirror: server.mirror('m1'),
      });
    }
  });

  it('reuses the cache: a second load makes no request', async () => {
    server.routeAll('m1', data.files);
    await load();
    expect(server.requests()).toBe(4);
    const again = await load();
    expect(again.source).toBe('cache');
    expect(server.requests()).toBe(4);
    expectDataset(again);
  });

  it('uses $MNIST_KIT_CACHE when no cacheDir is given', async () => {
    server.routeAll('m1', data.files);
    const saved = process.env.MNIST_KIT_CACHE;
    process.env.MNIST_KIT_CACHE = cache.dir;
    try {
      await load(['m1'], { cacheDir: undefined });
    } finally {
      if (saved === undefined) delete process.env.MNIST_KIT_CACHE;
      else process.env.MNIST_KIT_CACHE = saved;
    }
    await expectCorrectCache();
  });

  it('re-downloads a cached file that no longer verifies', async () => {
    server.routeAll('m1', data.files);
    await load();
    const bad = makeTestDataset({ variant: 1 });
    await writeFile(join(cache.dir, 'mnist', data.spec.files.trainImages.name), bad.gz.trainImages);
    const again = await load();
    expect(again.source).toBe('download');
    expect(server.requests()).toBe(5);
    expectDataset(again);
    await expectCorrectCache();
  });

  const badMirrors: [string, (body: Uint8Array, name: string) => Route, number][] = [
    ['an HTML page with status 200', () => ({ kind: 'html' }), 1],
    [
      'an HTML page served as application/octet-stream',
      () => ({ kind: 'html', contentType: 'application/octet-stream' }),
      1,
    ],
    ['404', () => ({ kind: 'status', status: 404 }), 1],
    ['503 (retried)', () => ({ kind: 'status', status: 503 }), 3],
    ['a truncated body (retried)', (body) => ({ kind: 'truncate', body }), 3],
    [
      'a valid IDX file with the wrong hash',
      (_body, name) => ({ kind: 'serve', body: makeTestDataset({ variant: 1 }).files[name]! }),
      1,
    ],
  ];

  it.each(badMirrors)(
    'mirror 1 returns %s → mirror 2 is used and nothing bad is cached',
    async (_label, make, tries) => {
      for (const [name, body] of Object.entries(data.files)) server.route(`/m1/${name}`, make(body, name));
      server.routeAll('m2', data.files);
      const dataset = await load(['m1', 'm2']);
      expectDataset(dataset);
      expect(server.requestsUnder('m1')).toBe(4 * tries);
      expect(server.requestsUnder('m2')).toBe(4);
      await expectCorrectCache();
    },
  );

  it('all mirrors fail → DOWNLOAD_FAILED naming the file and each mirror with its reason; nothing cached', async () => {
    server.routeAll('m1', data.files, () => ({ kind: 'status', status: 404 }));
    server.routeAll('m2', data.files, () => ({ kind: 'html' }));
    server.routeAll('m3', data.files, () => ({ kind: 'serve', body: new Uint8Array(10) }));
    const mirrors = [server.mirror('m1'), server.mirror('m2'), server.mirror('m3')];
    const error = await load(['m1', 'm2', 'm3']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    const e = error as DatasetError;
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.file).toBe('train-images-idx3-ubyte.gz');
    expect(e.message).toContain('Could not download train-images-idx3-ubyte.gz from any of 3 mirror(s)');
    expect(e.message).toContain(`${mirrors[0]}: HTTP 404 Not Found`);
    expect(e.message).toContain(`${mirrors[1]}: got an HTML page`);
    expect(e.message).toContain(`${mirrors[2]}: size mismatch`);
    expect(e.attempts.map((a) => [a.mirror, a.code])).toEqual([
      [mirrors[0], 'FILE_MISSING'],
      [mirrors[1], 'DOWNLOAD_FAILED'],
      [mirrors[2], 'SIZE_MISMATCH'],
    ]);
    expect(e.attempts[0]!.url).toBe(`${mirrors[0]}train-images-idx3-ubyte.gz`);
    expect(await listFiles(join(cache.dir, 'mnist'))).toEqual([]);
  });

  it('with no sizes or hashes in the spec, still never caches an HTML page', async () => {
    const unverified = makeTestDataset({ hash: 'none' });
    for (const key of FILE_KEYS) delete unverified.spec.files[key].size;
    server.routeAll('m1', unverified.files, () => ({ kind: 'html', contentType: 'application/octet-stream' }));
    const error = await load(['m1'], { spec: unverified.spec }).catch((e: unknown) => e);
    expect((error as DatasetError).code).toBe('DOWNLOAD_FAILED');
    expect((error as DatasetError).message).toMatch(/HTML page/);
    expect(await listFiles(join(cache.dir, 'mnist'))).toEqual([]);
  });

  it('verifies with MD5 when there is no SHA-256', async () => {
    const md5Data = makeTestDataset({ hash: 'md5' });
    server.routeAll('m1', makeTestDataset({ hash: 'md5', variant: 1 }).files);
    server.routeAll('m2', md5Data.files);
    const dataset = await load(['m1', 'm2'], { spec: md5Data.spec });
    expect([...dataset.train.labels]).toEqual(md5Data.trainLabels);
    expect(server.requestsUnder('m1')).toBe(4);
  });

  it('times out on a stalled server (no headers, then no body), then fails over', async () => {
    server.routeAll('m1', data.files, () => ({ kind: 'stall' }));
    server.routeAll('m2', data.files, (body) => ({ kind: 'stall-body', body }));
    const started = Date.now();
    const error = await load(['m1', 'm2'], { timeoutMs: 150, retries: 1, retryDelayMs: 1 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    const e = error as DatasetError;
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.attempts.map((a) => a.code)).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(e.attempts[0]!.reason).toBe('timed out: no response within 150 ms');
    expect(e.attempts[1]!.reason).toBe('timed out: no data for 150 ms after 4 bytes');
    // Each of the four files is tried on its own: two tries on m1 each.
    expect(e.failures.map((f) => f.attempts.map((a) => a.code))).toEqual(Array(4).fill(['TIMEOUT', 'TIMEOUT']));
    expect(server.requestsUnder('m1')).toBe(2 * 4);
    expect(await listFiles(join(cache.dir, 'mnist'))).toEqual([]);
  });

  it('aborts via signal while a request hangs, and before starting', async () => {
    server.routeAll('m1', data.files, () => ({ kind: 'stall' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    const started = Date.now();
    const error = await load(['m1'], { signal: controller.signal, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((error as DatasetError).code).toBe('ABORTED');
    expect(((error as DatasetError).cause as Error).message).toBe('user cancelled');
    const early = await load(['m1'], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((early as DatasetError).code).toBe('ABORTED');
    // The first load had its first files in flight (concurrency 3) when aborted; the second made none.
    expect(server.requests()).toBe(DEFAULT_DOWNLOAD_CONCURRENCY);
  });

  it('aborts during a retry backoff', async () => {
    server.routeAll('m1', data.files, () => ({ kind: 'status', status: 503 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const options = { signal: controller.signal, retries: 5, retryDelayMs: 10_000 };
    const error = await load(['m1'], options).catch((e: unknown) => e);
    expect((error as DatasetError).code).toBe('ABORTED');
  });

  it('two concurrent loads into one cache both succeed and leave a correct cache', async () => {
    server.routeAll('m1', data.files);
    const results = await Promise.all([load(), load(), load()]);
    for (const dataset of results) expectDataset(dataset);
    await expectCorrectCache();
  });

  it('rejects an unknown dataset name', async () => {
    const error = await loadDataset({ name: 'cifar' as 'mnist', cacheDir: cache.dir }).catch((e: unknown) => e);
    expect((error as DatasetError).code).toBe('UNKNOWN_DATASET');
    expect((error as DatasetError).message).toContain('"mnist", "fashion-mnist", "kmnist"');
  });

  it('reports a structurally broken download as a parse error naming the cached file', async () => {
    const broken = makeTestDataset({ hash: 'none', trainCount: 24 });
    const other = makeTestDataset({ hash: 'none', trainCount: 23 });
    const files = { ...broken.files, 'train-labels-idx1-ubyte.gz': other.files['train-labels-idx1-ubyte.gz']! };
    for (const key of FILE_KEYS) delete broken.spec.files[key].size;
    server.routeAll('m1', files);
    const error = await load(['m1'], { spec: broken.spec }).catch((e: unknown) => e);
    expect((error as DatasetError).code).toBe('IDX_COUNT_MISMATCH');
    expect((error as DatasetError).message).toContain(join(cache.dir, 'mnist', 'train-labels-idx1-ubyte.gz'));
  });
});
