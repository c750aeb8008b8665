import { mkdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preprocessDigit } from '../preprocessDigit';
import { preprocessImage } from '../preprocessImage';
import { failure } from '../test-utils/failure';
import { encodeJpeg, encodePng, rgbaImage, writeTree } from '../test-utils/images';
import { tempDir } from '../test-utils/tempDir';
import type { Dataset } from '../types';
import { decodeImage } from './decodeImage';
import { loadDataset } from './loadDataset';
import { readImageFolder } from './readImageFolder';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

/** A 28 × 28 light-on-dark gray image whose pixels encode `seed` (dark frame, so never inverted). */
function sample(seed: number): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => {
    const x = i % 28;
    const y = Math.floor(i / 28);
    return x < 3 || y < 3 || x > 24 || y > 24 ? 0 : (seed * 41 + i * 7) % 256;
  });
}

function samplePng(seed: number): Uint8Array {
  const pixels = sample(seed);
  return encodePng(
    rgbaImage(28, 28, (x, y) => pixels[y * 28 + x]!),
    0,
  );
}

function imageOf(split: Dataset['train'], i: number): Uint8Array {
  return split.images.subarray(i * 784, (i + 1) * 784);
}

describe('loadDataset({ dataDir }) on an image folder per class', () => {
  it('reads train/<class>/ and test/<class>/ of mixed sizes, formats and channels', async () => {
    // "ink": dark-on-light, RGB, 56 × 56 — a black square at 14…41 → halved: 0 at 7…20 on 255. Most
    // of train is light-on-dark, so the folder is not inverted and "ink" keeps its polarity.
    const ink = encodePng(
      rgbaImage(56, 56, (x, y) => (x >= 14 && x < 42 && y >= 14 && y < 42 ? [0, 0, 0, 255] : [255, 255, 255, 255])),
      2,
    );
    // "wide": RGBA 40 × 20, light-on-dark → fitted to 28 × 14, centred (rows 7…20), padded with 0.
    const wide = encodePng(
      rgbaImage(40, 20, (x, y) => (x >= 4 && x < 36 && y >= 4 && y < 16 ? [200, 200, 200, 255] : [0, 0, 0, 255])),
      6,
    );
    const photo = encodeJpeg(rgbaImage(30, 30, (x, y) => (Math.abs(x - 15) + Math.abs(y - 15) < 8 ? 240 : 10)));
    await writeTree(tmp.dir, {
      'train/gray/0.png': samplePng(0),
      'train/gray/1.png': samplePng(1),
      'train/ink/a.png': ink,
      'train/wide/w.png': wide,
      'train/wide/photo.jpg': photo,
      'test/gray/2.png': samplePng(2),
      'test/ink/b.png': ink,
      'test/wide/w.png': wide,
    });
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(dataset).toMatchObject({ name: basename(tmp.dir), source: 'local', layout: 'image-folder' });
    expect(dataset.classNames).toEqual(['gray', 'ink', 'wide']);
    expect(dataset.heldOutTest).toBeUndefined();
    expect(dataset.train).toMatchObject({ count: 5, rows: 28, cols: 28 });
    expect(dataset.test).toMatchObject({ count: 3, rows: 28, cols: 28 });
    // By class, then file name: gray/0, gray/1, ink/a, wide/photo.jpg, wide/w.png.
    expect(Array.from(dataset.train.labels)).toEqual([0, 0, 1, 2, 2]);
    expect(Array.from(dataset.test.labels)).toEqual([0, 1, 2]);
    expect(imageOf(dataset.train, 0)).toEqual(sample(0));
    expect(imageOf(dataset.train, 1)).toEqual(sample(1));
    expect(imageOf(dataset.test, 0)).toEqual(sample(2));
    const square = Uint8Array.from({ length: 784 }, (_, i) => {
      const x = i % 28;
      const y = Math.floor(i / 28);
      return x >= 7 && x < 21 && y >= 7 && y < 21 ? 0 : 255;
    });
    expect(imageOf(dataset.train, 2)).toEqual(square);
    const fitted = imageOf(dataset.train, 4);
    expect(fitted).toEqual(preprocessImage(decodeImage(wide, 'w.png'), { mode: 'resize' }));
    expect(fitted.subarray(0, 7 * 28).every((v) => v === 0)).toBe(true);
    expect(fitted.subarray(21 * 28).every((v) => v === 0)).toBe(true);
    expect(fitted[14 * 28 + 14]).toBe(200);
    expect(imageOf(dataset.train, 3)).toEqual(preprocessImage(decodeImage(photo, 'p.jpg'), { mode: 'resize' }));
    expect(imageOf(dataset.train, 3)[14 * 28 + 14]).toBeGreaterThan(200);
  });

  it("'resize' inverts the whole folder when most of train is dark-on-light, a light-on-dark image included", async () => {
    const darkOnLight = (seed: number) => Uint8Array.from(sample(seed), (v) => 255 - v);
    const png = (pixels: Uint8Array) =>
      encodePng(
        rgbaImage(28, 28, (x, y) => pixels[y * 28 + x]!),
        0,
      );
    await writeTree(tmp.dir, {
      'train/a/0.png': png(darkOnLight(0)),
      'train/a/1.png': png(darkOnLight(1)),
      'train/b/2.png': png(darkOnLight(2)),
      'train/b/3.png': png(sample(3)),
      'test/a/4.png': png(darkOnLight(4)),
      'test/b/5.png': png(sample(5)),
    });
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(imageOf(dataset.train, 0)).toEqual(sample(0));
    expect(imageOf(dataset.train, 2)).toEqual(sample(2));
    expect(imageOf(dataset.train, 3)).toEqual(darkOnLight(3));
    expect(imageOf(dataset.test, 0)).toEqual(sample(4));
    expect(imageOf(dataset.test, 1)).toEqual(darkOnLight(5));
  });

  it("numbers classes in Python's sorted() order (torchvision's ImageFolder), not by number or case", async () => {
    const files: Record<string, Uint8Array> = {};
    ['a', '10', 'B', '2', 'é', '_x'].forEach((name, i) => {
      files[`train/${name}/img.png`] = samplePng(i);
    });
    await writeTree(tmp.dir, files);
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(dataset.classNames).toEqual(['10', '2', 'B', '_x', 'a', 'é']);
  });

  it('skips dot-files, hidden folders and other extensions; takes .PNG/.JPG/.jpeg in any case, and sub-folders', async () => {
    await writeTree(tmp.dir, {
      'train/a/one.PNG': samplePng(1),
      'train/a/two.Jpeg': encodeJpeg(rgbaImage(28, 28, () => 0)),
      'train/a/.DS_Store': 'junk',
      'train/a/._one.png': 'AppleDouble junk',
      'train/a/notes.txt': 'not an image',
      'train/a/deeper/three.jpg': encodeJpeg(rgbaImage(28, 28, () => 0)),
      'train/a/.thumbs/four.png': 'junk',
      'train/.ipynb_checkpoints/x.png': 'junk',
      'train/b/x.png': samplePng(2),
      'train/README.md': 'a file, not a class',
      'test/a/t.png': samplePng(3),
      'test/b/t.png': samplePng(4),
    });
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(dataset.classNames).toEqual(['a', 'b']);
    expect(Array.from(dataset.train.labels)).toEqual([0, 0, 0, 1]);
    expect(imageOf(dataset.train, 0)).toEqual(sample(1));
  });

  it('follows a symlinked class folder', async () => {
    await writeTree(tmp.dir, { 'elsewhere/x.png': samplePng(5), 'data/train/a/y.png': samplePng(6) });
    await symlink(join(tmp.dir, 'elsewhere'), join(tmp.dir, 'data/train/b'));
    const data = await readImageFolder(join(tmp.dir, 'data'));
    expect(data.classNames).toEqual(['a', 'b']);
    expect(data.train.count + data.test.count).toBe(2);
  });

  it('without test/, holds out the last 10 % of a seeded shuffle (at least 1) and says so', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 23; i++)
      files[`train/${i % 2 ? 'odd' : 'even'}/${String(i).padStart(2, '0')}.png`] = samplePng(i);
    await writeTree(tmp.dir, files);
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(dataset.heldOutTest).toBe(2);
    expect([dataset.train.count, dataset.test.count]).toEqual([21, 2]);
    const seeds = (split: Dataset['train']) =>
      Array.from({ length: split.count }, (_, i) => {
        const image = imageOf(split, i);
        return Array.from({ length: 23 }, (_, s) => s).find((s) => sample(s).every((v, j) => v === image[j]))!;
      });
    const all = [...seeds(dataset.train), ...seeds(dataset.test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const split of [dataset.train, dataset.test]) {
      expect(Array.from(split.labels)).toEqual(seeds(split).map((seed) => (seed % 2 ? 1 : 0)));
    }
    const again = await loadDataset({ dataDir: tmp.dir });
    expect(again.test.images).toEqual(dataset.test.images);

    const small = join(tmp.dir, 'small');
    await writeTree(small, { 'train/a/1.png': samplePng(1), 'train/b/2.png': samplePng(2) });
    const two = await loadDataset({ dataDir: small });
    expect([two.train.count, two.test.count, two.heldOutTest]).toEqual([1, 1, 1]);
    const one = join(tmp.dir, 'one');
    await writeTree(one, { 'train/a/1.png': samplePng(1) });
    const error = await failure(loadDataset({ dataDir: one }), 'FILE_MISSING');
    expect(error.message).toContain('no test split');
  });

  it("preprocess: 'digit' applies predict's digit recipe; a blank image is then EMPTY_IMAGE naming the file", async () => {
    const digit = encodePng(
      rgbaImage(50, 70, (x, y) => (x > 20 && x < 26 && y > 10 && y < 60 ? 0 : 255)),
      0,
    );
    await writeTree(tmp.dir, { 'train/1/a.png': digit, 'test/1/b.png': digit });
    const dataset = await loadDataset({ dataDir: tmp.dir, preprocess: 'digit' });
    expect(imageOf(dataset.train, 0)).toEqual(preprocessDigit(decodeImage(digit, 'a.png')));
    const resized = await loadDataset({ dataDir: tmp.dir });
    expect(imageOf(resized.train, 0)).not.toEqual(imageOf(dataset.train, 0));
    // The mode travels with the data, for a model trained on it to record.
    expect([dataset.preprocessing, resized.preprocessing]).toEqual(['digit', 'resize']);

    await writeTree(tmp.dir, {
      'test/1/blank.png': encodePng(
        rgbaImage(20, 20, () => 255),
        0,
      ),
    });
    const blank = join(tmp.dir, 'test', '1', 'blank.png');
    const error = await failure(loadDataset({ dataDir: tmp.dir, preprocess: 'digit' }), 'EMPTY_IMAGE');
    expect(error.message).toMatch(new RegExp(`^${blank}: `));
    expect(error.file).toBe(blank);
    expect((await loadDataset({ dataDir: tmp.dir })).test.count).toBe(2);
  });

  describe('bad input is one DatasetError line', () => {
    it('EMPTY_CLASS names the class folder with no images (train or test)', async () => {
      await writeTree(tmp.dir, { 'train/a/x.png': samplePng(1), 'train/b/readme.txt': 'no images here' });
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'EMPTY_CLASS');
      expect(error.file).toBe(join(tmp.dir, 'train', 'b'));
      expect(error.message).toContain(join(tmp.dir, 'train', 'b'));
      await writeTree(tmp.dir, { 'train/b/y.png': samplePng(2), 'test/a/z.png': samplePng(3) });
      await mkdir(join(tmp.dir, 'test', 'b'));
      const testError = await failure(loadDataset({ dataDir: tmp.dir }), 'EMPTY_CLASS');
      expect(testError.file).toBe(join(tmp.dir, 'test', 'b'));
    });

    it('BAD_IMAGE names the file that is not an image, or is corrupt', async () => {
      const png = samplePng(1);
      await writeTree(tmp.dir, { 'train/a/good.png': png, 'train/a/zz.png': 'plain text' });
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'BAD_IMAGE');
      const bad = join(tmp.dir, 'train', 'a', 'zz.png');
      expect(error.message).toBe(`${bad} is not a PNG or JPEG image.`);
      expect(error.file).toBe(bad);
      await writeTree(tmp.dir, { 'train/a/zz.png': png.subarray(0, 60) });
      expect((await failure(loadDataset({ dataDir: tmp.dir }), 'BAD_IMAGE')).message).toContain(
        `${bad} is a corrupt PNG: `,
      );
    });

    it('the first bad file in order is reported, whatever finishes first', async () => {
      const files: Record<string, Uint8Array | string> = {};
      for (let i = 0; i < 40; i++)
        files[`train/a/${String(i).padStart(2, '0')}.png`] = i === 7 || i === 30 ? 'x' : samplePng(i);
      await writeTree(tmp.dir, files);
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'BAD_IMAGE');
      expect(error.file).toBe(join(tmp.dir, 'train', 'a', '07.png'));
    });

    it('TOO_MANY_CLASSES beyond 255 class folders', async () => {
      for (let i = 0; i < 256; i++) await mkdir(join(tmp.dir, 'train', `c${i}`), { recursive: true });
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'TOO_MANY_CLASSES');
      expect(error.message).toContain('256 class folders; at most 255');
    });

    it('CLASS_MISMATCH says which classes are only in train and only in test', async () => {
      await writeTree(tmp.dir, {
        'train/cat/1.png': samplePng(1),
        'train/dog/1.png': samplePng(2),
        'train/owl/1.png': samplePng(3),
        'test/cat/1.png': samplePng(4),
        'test/cow/1.png': samplePng(5),
      });
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'CLASS_MISMATCH');
      expect(error.message).toContain('only in train: "dog", "owl"; only in test: "cow"');
      expect(error.file).toBe(join(tmp.dir, 'test'));
    });

    it('a train/ folder without class folders is FILE_MISSING saying how to lay it out', async () => {
      await writeTree(tmp.dir, { 'train/x.png': samplePng(1) });
      const error = await failure(loadDataset({ dataDir: tmp.dir }), 'FILE_MISSING');
      expect(error.message).toContain('holds no class folders');
    });

    it('ABORTED when the signal fires before or while the folder is read', async () => {
      const files: Record<string, Uint8Array> = {};
      for (let i = 0; i < 60; i++) files[`train/a/${i}.png`] = samplePng(i);
      await writeTree(tmp.dir, files);
      await failure(loadDataset({ dataDir: tmp.dir, signal: AbortSignal.abort() }), 'ABORTED');
      const controller = new AbortController();
      const loading = loadDataset({ dataDir: tmp.dir, signal: controller.signal });
      controller.abort();
      await failure(loading, 'ABORTED');
    });
  });
});
