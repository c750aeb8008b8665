import { DatasetError } from '@mnist-kit/datasets';
import { describe, expect, it } from 'vitest';
import { syntheticSplit } from '../test/fixtureData';
import { dataErrorMessage, describeDataset, describeProgress, fetchDataCommand } from './data';

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
  it('passes other errors through', () => {
    expect(
      dataErrorMessage(new DatasetError('IDX_BAD_MAGIC', 'bad magic'), {
        dataset: 'mnist',
        baseUrl: '/',
        isDefaultUrl: true,
      }),
    ).toBe('Could not load mnist: bad magic');
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
});

describe('describeProgress', () => {
  it('shows MB done and total', () => {
    expect(describeProgress({ file: 'a.gz', bytesDone: 3_100_000, bytesTotal: 9_900_000, mirror: '/' })).toBe(
      'loading a.gz: 3.1 / 9.9 MB',
    );
  });
});
