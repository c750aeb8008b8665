import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FASHION_MNIST_DIR } from '@mnist-kit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from './node/loadDataset';
import { type IdxImages, type IdxLabels, parseIdx } from './parseIdx';
import { DATASETS } from './registry';
import { encodePng, rgbaImage, writeTree } from './test-utils/images';
import { tempDir } from './test-utils/tempDir';
import type { Dataset, Split } from './types';

// Real Fashion-MNIST test images written as an image folder per class (PNG), loaded back with
// `loadDataset({ dataDir })`: the bytes and labels must be the originals. Skipped without Debian's
// dataset-fashion-mnist, unless MNIST_KIT_REQUIRE_FASHION=1 says it must be there (then it fails).
const IMAGES = join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz');
const LABELS = join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz');
const present = existsSync(IMAGES) && existsSync(LABELS);
const required = process.env.MNIST_KIT_REQUIRE_FASHION === '1';

/** Images per class in each of train/ and test/ (300 in all). */
const PER_CLASS = 15;

/** Folder name of each class: the registry's name, with `/` (not allowed in a folder name) as `-`. */
const folderNames = DATASETS['fashion-mnist'].classNames.map((name) => name.replaceAll('/', '-'));
/** Folder names in Python's `sorted()` order: the loaded labels follow it. */
const sortedNames = [...folderNames].sort();

describe.skipIf(!present && !required)(`real Fashion-MNIST images as PNG folders (${FASHION_MNIST_DIR})`, () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  /** The original images and labels chosen for each split, in the order they should load. */
  const expected: Record<'train' | 'test', { images: Uint8Array[]; labels: number[] }> = {
    train: { images: [], labels: [] },
    test: { images: [], labels: [] },
  };
  let dataset: Dataset;

  beforeAll(async () => {
    if (!present) throw new Error(`MNIST_KIT_REQUIRE_FASHION=1 but ${IMAGES} or ${LABELS} is missing`);
    const images = parseIdx(new Uint8Array(gunzipSync(await readFile(IMAGES))), {
      file: IMAGES,
      expect: 'images',
    }) as IdxImages;
    const labels = parseIdx(new Uint8Array(gunzipSync(await readFile(LABELS))), {
      file: LABELS,
      expect: 'labels',
    }) as IdxLabels;
    const taken = new Array<number>(10).fill(0);
    const files: Record<string, Uint8Array> = {};
    const chosen: Record<'train' | 'test', [number, number][]> = { train: [], test: [] };
    for (let i = 0; i < images.count && taken.some((n) => n < 2 * PER_CLASS); i++) {
      const label = labels.data[i]!;
      if (taken[label]! >= 2 * PER_CLASS) continue;
      const split = taken[label]! < PER_CLASS ? 'train' : 'test';
      taken[label]!++;
      const pixels = images.data.subarray(i * 784, (i + 1) * 784);
      files[`${split}/${folderNames[label]}/${String(i).padStart(5, '0')}.png`] = encodePng(
        rgbaImage(28, 28, (x, y) => pixels[y * 28 + x]!),
        0,
      );
      chosen[split].push([label, i]);
    }
    // Loaded order: by class folder (sorted), then file name (the zero-padded index).
    for (const split of ['train', 'test'] as const) {
      const order = chosen[split].sort(
        ([a, i], [b, j]) => sortedNames.indexOf(folderNames[a]!) - sortedNames.indexOf(folderNames[b]!) || i - j,
      );
      for (const [label, i] of order) {
        expected[split].images.push(images.data.slice(i * 784, (i + 1) * 784));
        expected[split].labels.push(sortedNames.indexOf(folderNames[label]!));
      }
    }
    tmp = await tempDir();
    await writeTree(join(tmp.dir, 'fashion'), files);
    dataset = await loadDataset({ dataDir: join(tmp.dir, 'fashion') });
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('has the sorted class-folder names as classes', () => {
    expect(dataset).toMatchObject({ name: 'fashion', layout: 'image-folder', source: 'local' });
    expect(dataset.classNames).toEqual(sortedNames);
    expect(dataset.classNames?.[0]).toBe('Ankle boot');
  });

  for (const split of ['train', 'test'] as const) {
    it(`${split}: every image byte for byte, every label through the sorted order`, () => {
      const loaded: Split = dataset[split];
      expect(loaded).toMatchObject({ count: 10 * PER_CLASS, rows: 28, cols: 28 });
      expect(Array.from(loaded.labels)).toEqual(expected[split].labels);
      expected[split].images.forEach((image, i) => {
        expect(loaded.images.subarray(i * 784, (i + 1) * 784), `${split} image ${i}`).toEqual(image);
      });
    });
  }
});
