import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { DATASET_NAMES, DATASETS, FILE_KEYS, getDatasetSpec, isDatasetName } from './registry';

describe('registry', () => {
  it('has mnist, fashion-mnist and kmnist with four files, checksums, mirrors and 10 class names', () => {
    expect(DATASET_NAMES).toEqual(['mnist', 'fashion-mnist', 'kmnist']);
    for (const name of DATASET_NAMES) {
      const spec = DATASETS[name];
      expect(spec.name).toBe(name);
      expect(Object.keys(spec.files)).toEqual([...FILE_KEYS]);
      expect(spec.files.trainImages.name).toBe('train-images-idx3-ubyte.gz');
      expect(spec.files.testLabels.name).toBe('t10k-labels-idx1-ubyte.gz');
      for (const file of Object.values(spec.files)) {
        expect(file.md5).toMatch(/^[0-9a-f]{32}$/);
        if (file.sha256 !== undefined) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(spec.mirrors.length).toBeGreaterThan(0);
      for (const mirror of spec.mirrors) expect(mirror).toMatch(/^https?:\/\/.+\/$/);
      expect(spec.classNames.length).toBe(10);
    }
    expect(DATASETS.mnist.mirrors.at(-1)).toBe('http://yann.lecun.com/exdb/mnist/');
    expect(DATASETS.mnist.files.trainImages.size).toBe(9912422);
    expect(DATASETS['fashion-mnist'].classNames[9]).toBe('Ankle boot');
    // Photos to predict: framed pictures for Fashion-MNIST, MNIST's digit recipe for drawn characters.
    expect([DATASETS.mnist, DATASETS['fashion-mnist'], DATASETS.kmnist].map((d) => d.preprocessing)).toEqual([
      'digit',
      'resize',
      'digit',
    ]);
  });

  it('looks names up', () => {
    expect(getDatasetSpec('kmnist')).toBe(DATASETS.kmnist);
    expect(isDatasetName('toString')).toBe(false);
    expect(() => getDatasetSpec('emnist')).toThrow(DatasetError);
    expect(() => getDatasetSpec('emnist')).toThrow(/Unknown dataset "emnist"/);
  });
});
