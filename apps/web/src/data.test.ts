import { DatasetError } from '@mnist-kit/datasets';
import { describe, expect, it } from 'vitest';
import { DATA_FILES, syntheticSplit } from '../test/fixtureData';
import {
  dataErrorMessage,
  dataFileNames,
  describeDataset,
  describeProgress,
  fetchDataCommand,
  keptDataNote,
} from './data';

describe('dataErrorMessage', () => {
  const missing = new DatasetError('FILE_MISSING', 'train-images-idx3-ubyte.gz not found: HTTP 404 for /data/mnist/x');
  it('gives the fetch command when the default folder is empty', () => {
    const message = dataErrorMessage(missing, {
      dataset: 'fashion-mnist',
      baseUrl: '/data/fashion-mnist/',
      isDefaultUrl: true,
    });
    expect(message).toContain('No fashion-mnist data at /data/fashion-mnist/');
    expect(message).toContain('pnpm --filter web fetch-data --dataset fashion-mnist');
    expect(message).toContain('pick or drop the four .gz files');
  });
  it('points at the data= URL for a custom location', () => {
    const message = dataErrorMessage(missing, { dataset: 'mnist', baseUrl: 'https://x/', isDefaultUrl: false });
    expect(message).toContain('Check the data= URL');
    expect(message).not.toContain(fetchDataCommand('mnist'));
  });
  /** The message for a bad IDX file loaded from mnist's default folder (`context` changes it). */
  const badMagic = (context: Partial<Parameters<typeof dataErrorMessage>[1]> = {}) =>
    dataErrorMessage(new DatasetError('IDX_BAD_MAGIC', 'bad magic'), {
      dataset: 'mnist',
      baseUrl: '/',
      isDefaultUrl: true,
      ...context,
    });
  it('passes other errors through', () => {
    expect(badMagic()).toBe('Could not load mnist: bad magic.');
  });
  it('is one sentence per part, without a doubled "or" or period', () => {
    const html = new DatasetError(
      'FILE_MISSING',
      'train-images-idx3-ubyte.gz: got an HTML page instead of the file from /x/train-images-idx3-ubyte.gz.',
    );
    expect(dataErrorMessage(html, { dataset: 'mnist', baseUrl: '/x/', isDefaultUrl: false })).toBe(
      'No mnist data at /x/: train-images-idx3-ubyte.gz: got an HTML page instead of the file from ' +
        '/x/train-images-idx3-ubyte.gz. Check the data= URL (it must serve the four files, with CORS allowed for ' +
        'another origin), or pick or drop the four .gz files below.',
    );
    expect(dataErrorMessage(missing, { dataset: 'kmnist', baseUrl: '/data/kmnist/', isDefaultUrl: true })).toMatch(
      /then reload, or pick or drop the four \.gz files below\.$/,
    );
  });
  it('speaks of the picked files, not the URL, when files were picked', () => {
    expect(badMagic({ baseUrl: '/data/mnist/', picked: true })).toBe(
      'Could not load mnist from the picked files: bad magic.',
    );
  });
  it('says a gzip file is corrupt or cut off in words (Chromium says "Failed to fetch")', () => {
    const corrupt = new DatasetError('DECOMPRESS_FAILED', '/x/a.gz: gzip data is corrupt (Failed to fetch).', {
      file: '/x/a.gz',
    });
    expect(dataErrorMessage(corrupt, { dataset: 'mnist', baseUrl: '/x/', isDefaultUrl: false })).toBe(
      'Could not load mnist: /x/a.gz: the gzip data is corrupt or cut off (an incomplete download?).',
    );
  });
});

describe('keptDataNote / dataFileNames', () => {
  it('says which data is still in use', () => {
    const dataset = { name: 'mnist', train: syntheticSplit(1200), test: syntheticSplit(300), source: 'url' } as const;
    expect(keptDataNote(dataset)).toBe('Still using the mnist data loaded before (1,200 train / 300 test images).');
    expect(keptDataNote(dataset, 'kmnist')).toBe(
      'Still using the mnist data loaded before (1,200 train / 300 test images); choose kmnist again once it is there.',
    );
  });
  it('lists the four files in load order', () => {
    expect(dataFileNames('fashion-mnist')).toEqual([...DATA_FILES]);
  });
});

describe('describeDataset', () => {
  it('says ready, with counts and where the bytes came from', () => {
    const text = describeDataset({
      name: 'mnist',
      train: syntheticSplit(1200),
      test: syntheticSplit(300),
      source: 'cache',
    });
    expect(text).toBe('ready: 1,200 train / 300 test images, 28×28 (from browser cache)');
  });

  it('a dataset from a fallback mirror says where from, that it was checked, and that the page’s folder had none', () => {
    const base = { name: 'mnist' as const, train: syntheticSplit(10), test: syntheticSplit(5) };
    const cdn = 'https://cdn.jsdelivr.net/gh/fgnt/mnist/';
    const passedOver = [{ baseUrl: './data/mnist/', reason: 'HTTP 404' }];
    expect(describeDataset({ ...base, source: 'download', baseUrl: cdn, passedOver })).toBe(
      `ready: 10 train / 5 test images, 28×28 (downloaded from ${cdn}, size and SHA-256 checked against the registry; no data at ./data/mnist/)`,
    );
    expect(describeDataset({ ...base, source: 'cache', baseUrl: cdn, passedOver })).toMatch(
      /\(from browser cache, first downloaded from https:\/\/cdn\.jsdelivr\.net\/gh\/fgnt\/mnist\/, size and SHA-256/,
    );
    // The folder asked for had the files: no mention of a fallback.
    expect(describeDataset({ ...base, source: 'url', baseUrl: '/data/mnist/', passedOver: [] })).toBe(
      'ready: 10 train / 5 test images, 28×28 (downloaded)',
    );
  });
});

describe('describeProgress', () => {
  it('shows MB done and total', () => {
    expect(describeProgress({ file: 'a.gz', bytesDone: 3_100_000, bytesTotal: 9_900_000, mirror: '/' })).toBe(
      'loading a.gz: 3.1 / 9.9 MB',
    );
    expect(
      describeProgress({
        file: 'a.gz',
        bytesDone: 1e6,
        bytesTotal: 2e6,
        mirror: 'https://cdn.jsdelivr.net/gh/fgnt/mnist/',
      }),
    ).toBe('loading a.gz from cdn.jsdelivr.net: 1.0 / 2.0 MB');
  });
});
