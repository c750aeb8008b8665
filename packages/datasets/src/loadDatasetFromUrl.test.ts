import { afterEach, describe, expect, it, vi } from 'vitest';
import * as browser from './browser';
import type { DatasetError } from './DatasetError';
import * as node from './index';
import { BROWSER_CACHE_NAME, loadDatasetFromUrl } from './loadDatasetFromUrl';
import { FILE_KEYS } from './registry';
import { fakeCaches } from './test-utils/fakeCaches';
import { gzip, makeTestDataset, type TestDataset } from './test-utils/idx';
import type { TestServer } from './test-utils/server';
import { serverPerTest } from './test-utils/serverPerTest';
import type { DownloadProgress } from './types';

let server: TestServer;
let data: TestDataset;
serverPerTest((fixture) => ({ server, data } = fixture));
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadDatasetFromUrl (browser loadDataset, run in Node)', () => {
  it('is the browser entry’s loadDataset', () => {
    expect(browser.loadDataset).toBe(loadDatasetFromUrl);
    expect(node.loadDatasetFromUrl).toBe(loadDatasetFromUrl);
  });

  it('loads from baseUrl with DecompressionStream, reports progress, works without Cache Storage', async () => {
    expect(typeof caches).toBe('undefined');
    server.routeAll('data', data.files);
    const progress: DownloadProgress[] = [];
    const dataset = await loadDatasetFromUrl({
      name: 'mnist',
      spec: data.spec,
      baseUrl: `${server.origin}/data`,
      onProgress: (p) => progress.push(p),
    });
    expect(dataset.source).toBe('url');
    expect(dataset.train).toMatchObject({ count: 24, rows: 4, cols: 3 });
    expect([...dataset.test.labels]).toEqual(data.testLabels);
    expect(dataset.train.images).toEqual(data.raw.trainImages.subarray(16));
    expect(progress.at(-1)).toEqual({
      file: 't10k-labels-idx1-ubyte.gz',
      bytesDone: data.gz.testLabels.length,
      bytesTotal: data.gz.testLabels.length,
      mirror: server.mirror('data'),
    });
  });

  it('accepts raw IDX and recompressed files (other size: structural validation only)', async () => {
    server.route('/d/train-images-idx3-ubyte.gz', { kind: 'serve', body: data.raw.trainImages });
    server.route('/d/train-labels-idx1-ubyte.gz', { kind: 'serve', body: gzip(data.raw.trainLabels, 9) });
    server.route('/d/t10k-images-idx3-ubyte.gz', { kind: 'serve', body: data.gz.testImages });
    server.route('/d/t10k-labels-idx1-ubyte.gz', { kind: 'serve', body: data.gz.testLabels });
    const dataset = await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d') });
    expect([...dataset.train.labels]).toEqual(data.trainLabels);
  });

  it('checks SHA-256 when the bytes have the published size', async () => {
    const wrong = makeTestDataset({ variant: 1 });
    server.routeAll('d', { ...data.files, 'train-labels-idx1-ubyte.gz': wrong.files['train-labels-idx1-ubyte.gz']! });
    const error = (await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(`${server.mirror('d')}train-labels-idx1-ubyte.gz`);
  });

  it('404 → FILE_MISSING naming the URL; HTML fallback page → FILE_MISSING; 503 → DOWNLOAD_FAILED', async () => {
    server.routeAll('d', { 'train-images-idx3-ubyte.gz': data.gz.trainImages });
    const missing = (await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(missing.code).toBe('FILE_MISSING');
    expect(missing.message).toContain(`${server.mirror('d')}train-labels-idx1-ubyte.gz`);
    expect(missing.file).toBe(`${server.mirror('d')}train-labels-idx1-ubyte.gz`);
    server.routeAll('h', data.files, () => ({ kind: 'html' }));
    const html = (await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('h') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(html.code).toBe('FILE_MISSING');
    expect(html.message).toMatch(/HTML page/);
    server.routeAll('s', data.files, () => ({ kind: 'status', status: 503 }));
    const down = (await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('s') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(down.code).toBe('DOWNLOAD_FAILED');
    expect(down.message).toContain('HTTP 503');
  });

  it('caches raw bytes in Cache Storage so a second load makes no request', async () => {
    const fake = fakeCaches();
    vi.stubGlobal('caches', fake.caches);
    server.routeAll('d', data.files);
    const first = await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d') });
    expect(first.source).toBe('url');
    expect(server.requests()).toBe(4);
    const store = fake.stores.get(BROWSER_CACHE_NAME)!;
    expect(store.get(`${server.mirror('d')}train-images-idx3-ubyte.gz`)).toEqual(data.gz.trainImages);
    const second = await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d') });
    expect(second.source).toBe('cache');
    expect(server.requests()).toBe(4);
    expect([...second.train.labels]).toEqual(data.trainLabels);
    await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, baseUrl: server.mirror('d'), cache: false });
    expect(server.requests()).toBe(8);
  });

  it('never caches a set that failed to parse', async () => {
    const fake = fakeCaches();
    vi.stubGlobal('caches', fake.caches);
    const spec = makeTestDataset({ hash: 'none' }).spec;
    for (const key of FILE_KEYS) delete spec.files[key].size;
    const other = makeTestDataset({ trainCount: 5 });
    server.routeAll('d', { ...data.files, 'train-labels-idx1-ubyte.gz': other.files['train-labels-idx1-ubyte.gz']! });
    const error = (await loadDatasetFromUrl({ name: 'mnist', spec, baseUrl: server.mirror('d') }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.code).toBe('IDX_COUNT_MISMATCH');
    expect(fake.stores.get(BROWSER_CACHE_NAME)?.size ?? 0).toBe(0);
  });

  it('loads from File objects matched by name (with or without .gz), without network', async () => {
    const files = [
      new File([data.gz.trainImages as Uint8Array<ArrayBuffer>], 'train-images-idx3-ubyte.gz'),
      new File([data.raw.trainLabels as Uint8Array<ArrayBuffer>], 'train-labels-idx1-ubyte'),
      new File([data.gz.testImages as Uint8Array<ArrayBuffer>], 't10k-images-idx3-ubyte.gz'),
      new File([data.raw.testLabels as Uint8Array<ArrayBuffer>], 't10k-labels.idx1-ubyte'),
    ];
    const fetchSpy = vi.fn();
    const dataset = await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, files, fetch: fetchSpy });
    expect(dataset.source).toBe('files');
    expect([...dataset.train.labels]).toEqual(data.trainLabels);
    expect(fetchSpy).not.toHaveBeenCalled();
    const record = Object.fromEntries(files.map((f) => [f.name, f as Blob]));
    expect((await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, files: record })).test.count).toBe(12);
    const error = (await loadDatasetFromUrl({ name: 'mnist', spec: data.spec, files: files.slice(1) }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.code).toBe('FILE_MISSING');
    expect(error.message).toMatch(/train-images-idx3-ubyte\.gz is not among the given files/);
  });

  it('aborts, and needs baseUrl or files', async () => {
    server.routeAll('d', data.files, () => ({ kind: 'stall' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = (await loadDatasetFromUrl({
      name: 'mnist',
      spec: data.spec,
      baseUrl: server.mirror('d'),
      signal: controller.signal,
    }).catch((e: unknown) => e)) as DatasetError;
    expect(aborted.code).toBe('ABORTED');
    const invalid = (await loadDatasetFromUrl({ name: 'mnist' }).catch((e: unknown) => e)) as DatasetError;
    expect(invalid.code).toBe('INVALID_OPTION');
  });
});
