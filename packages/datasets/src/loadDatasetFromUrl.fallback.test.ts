import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetError } from './DatasetError';
import { BROWSER_CACHE_NAME, browserMirrors, loadDatasetFromUrl } from './loadDatasetFromUrl';
import { DATASETS } from './registry';
import { fakeCaches } from './test-utils/fakeCaches';
import { gzip, makeTestDataset, type TestDataset } from './test-utils/idx';
import type { TestServer } from './test-utils/server';
import { serverPerTest } from './test-utils/serverPerTest';

// The fallback of a page whose own folder has no data: a public mirror, verified strictly, cached.

let server: TestServer;
let data: TestDataset;
serverPerTest((fixture) => ({ server, data } = fixture));
afterEach(() => {
  vi.unstubAllGlobals();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e as DatasetError);

/** Loads `spec`'s files from the server's folder `own/`, falling back to the named folders. */
const loadWithFallbacks = (fallbacks: string[], spec = data.spec) =>
  loadDatasetFromUrl({
    name: 'mnist',
    spec,
    baseUrl: server.mirror('own'),
    fallbackUrls: fallbacks.map((name) => server.mirror(name)),
  });

describe('loadDatasetFromUrl fallbackUrls', () => {
  it('browserMirrors: the HTTPS mirrors known to allow CORS, only where every file has a size and SHA-256', () => {
    expect(browserMirrors(DATASETS.mnist)).toEqual(['https://cdn.jsdelivr.net/gh/fgnt/mnist/']);
    // Fashion-MNIST publishes MD5 only, which browsers cannot compute; KMNIST neither sizes nor SHA-256.
    expect(browserMirrors(DATASETS['fashion-mnist'])).toEqual([]);
    expect(browserMirrors(DATASETS.kmnist)).toEqual([]);
  });

  it('the page’s folder is missing (404, HTML page): loads from the fallback, says where from and why', async () => {
    server.routeAll('html', data.files, () => ({ kind: 'html' }));
    server.routeAll('cdn', data.files);
    const dataset = await loadWithFallbacks(['html', 'cdn']);
    expect(dataset.source).toBe('download');
    expect(dataset.baseUrl).toBe(server.mirror('cdn'));
    expect(dataset.passedOver.map((p) => p.baseUrl)).toEqual([server.mirror('own'), server.mirror('html')]);
    expect(dataset.passedOver[0]!.reason).toMatch(/HTTP 404/);
    expect(dataset.passedOver[1]!.reason).toMatch(/HTML page/);
    expect([...dataset.test.labels]).toEqual(data.testLabels);
    // The page's folder was asked for its first file only.
    expect(server.requestsUnder('own')).toBe(1);
  });

  it('the page’s own files win when they are there; no fallback request', async () => {
    server.routeAll('own', data.files);
    server.routeAll('cdn', data.files);
    const dataset = await loadWithFallbacks(['cdn']);
    expect(dataset.source).toBe('url');
    expect(dataset.baseUrl).toBe(server.mirror('own'));
    expect(dataset.passedOver).toEqual([]);
    expect(server.requestsUnder('cdn')).toBe(0);
  });

  it('a corrupt file in the page’s folder is reported, not replaced by the fallback', async () => {
    server.routeAll('own', { ...data.files, 'train-images-idx3-ubyte.gz': new Uint8Array([31, 139, 8, 0, 1, 2]) });
    server.routeAll('cdn', data.files);
    const error = await failure(loadWithFallbacks(['cdn']));
    expect(error?.code).toBe('DECOMPRESS_FAILED');
    expect(server.requestsUnder('cdn')).toBe(0);
  });

  it('fallback bytes must have the published size and SHA-256 (recompressed, altered): each mirror’s reason in one error', async () => {
    const wrong = makeTestDataset({ variant: 1 });
    server.routeAll('recompressed', { ...data.files, 'train-images-idx3-ubyte.gz': gzip(data.raw.trainImages, 9) });
    server.routeAll('altered', {
      ...data.files,
      't10k-labels-idx1-ubyte.gz': wrong.files['t10k-labels-idx1-ubyte.gz']!,
    });
    const error = await failure(loadWithFallbacks(['recompressed', 'altered']));
    // The page's own failure first (what the page tells the user to fix), then each fallback's.
    expect(error?.code).toBe('FILE_MISSING');
    expect(error?.message).toMatch(
      /^train-images-idx3-ubyte\.gz not found: HTTP 404 for .*\/own\/train-images-idx3-ubyte\.gz; fallback: /,
    );
    expect(error?.message).toContain(
      `${server.mirror('recompressed')} (${server.mirror('recompressed')}train-images-idx3-ubyte.gz: size mismatch`,
    );
    expect(error?.message).toMatch(
      /altered\/ \(.*t10k-labels-idx1-ubyte\.gz: checksum mismatch \(sha256 [0-9a-f]{64}, expected/,
    );
    expect(error?.attempts?.map((a) => a.code)).toEqual(['SIZE_MISMATCH', 'CHECKSUM_MISMATCH']);
    expect(error?.message).not.toContain('\n');
  });

  it('a spec without SHA-256 cannot be verified: the fallback is refused', async () => {
    const md5Only = makeTestDataset({ hash: 'md5' });
    server.routeAll('cdn', md5Only.files);
    const error = await failure(loadWithFallbacks(['cdn'], md5Only.spec));
    expect(error?.message).toMatch(/cannot be verified \(the registry has no size and SHA-256 for it\)/);
  });

  it('fallback bytes are cached under their own URL: the next load makes one request (the page’s folder) and reads the cache', async () => {
    const fake = fakeCaches();
    vi.stubGlobal('caches', fake.caches);
    server.routeAll('cdn', data.files);
    const first = await loadWithFallbacks(['cdn']);
    expect(first.source).toBe('download');
    const store = fake.stores.get(BROWSER_CACHE_NAME)!;
    expect([...store.keys()].every((url) => url.startsWith(server.mirror('cdn')))).toBe(true);
    expect(store.size).toBe(4);
    const before = server.requestsUnder('cdn');
    const second = await loadWithFallbacks(['cdn']);
    expect(second.source).toBe('cache');
    expect(second.baseUrl).toBe(server.mirror('cdn'));
    expect(server.requestsUnder('cdn')).toBe(before);
    // A cached fallback entry that no longer verifies is dropped and fetched again.
    store.set(`${server.mirror('cdn')}t10k-labels-idx1-ubyte.gz`, new Uint8Array([1, 2, 3]));
    const third = await loadWithFallbacks(['cdn']);
    expect(third.source).toBe('download');
    expect(server.requestsUnder('cdn')).toBe(before + 1);
  });
});
