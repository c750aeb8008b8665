import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { type ImageFolderEntry, imageFolderDataset } from './imageFolderDataset';
import { preprocessDigit } from './preprocessDigit';
import { failure } from './test-utils/failure';
import { rgbaImage } from './test-utils/images';
import type { DigitImage, Split } from './types';

// The platform-neutral image-folder rules, on in-memory entries (no file system): what Node's
// readImageFolder and the web demo's folder drop both run.

/** A 28 × 28 light-on-dark image whose pixels encode `seed` (dark frame, so never inverted). */
function sample(seed: number): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => {
    const x = i % 28;
    const y = Math.floor(i / 28);
    return x < 3 || y < 3 || x > 24 || y > 24 ? 0 : (seed * 41 + i * 7) % 256;
  });
}

/** An in-memory file: its path and what decoding it gives (an image, or an error thrown). */
interface MemoryFile extends ImageFolderEntry {
  image?: DigitImage;
  error?: unknown;
}

const gray = (pixels: Uint8Array): DigitImage => ({ data: pixels, width: 28, height: 28, channels: 1 });

/** Entries from `path → seed` (an image of `sample(seed)`), plus extra entries as given. */
function files(seeds: Record<string, number>, extra: MemoryFile[] = []): MemoryFile[] {
  return [...Object.entries(seeds).map(([path, seed]) => ({ path, image: gray(sample(seed)) })), ...extra];
}

async function decode(entry: MemoryFile): Promise<DigitImage> {
  await Promise.resolve();
  if (entry.error !== undefined) throw entry.error;
  return entry.image!;
}

function imageOf(split: Split, i: number): Uint8Array {
  return split.images.subarray(i * 784, (i + 1) * 784);
}

/** The seed of each image of `split` (which `sample(seed)` it is), in order. */
function seedsOf(split: Split, max = 100): number[] {
  return Array.from({ length: split.count }, (_, i) => {
    const image = imageOf(split, i);
    return Array.from({ length: max }, (_, s) => s).find((s) => sample(s).every((v, j) => v === image[j]))!;
  });
}

describe('imageFolderDataset', () => {
  it('numbers classes as Python sorts them and orders images by class, folder, then name', async () => {
    const entries = files({
      'train/b/z.png': 1,
      'train/b/a.PNG': 2,
      'train/b/deeper/a.jpg': 3, // folder "train/b/deeper" sorts after "train/b"
      'train/b-c/x.jpeg': 4, // "b-c" < "b/…" as paths, but classes sort by name: "b" < "b-c"
      'train/10/x.png': 5,
      'train/2/x.png': 6,
      'train/B/x.png': 7,
      'train/é/x.png': 8,
      'test/10/t.png': 9,
      'test/2/t.png': 10,
      'test/B/t.png': 11,
      'test/b/t.png': 12,
      'test/b-c/t.png': 13,
      'test/é/t.png': 14,
    });
    const dataset = await imageFolderDataset({ entries: entries.reverse(), decode, name: 'mine' });
    expect(dataset).toMatchObject({ name: 'mine', source: 'files', layout: 'image-folder' });
    expect(dataset.heldOutTest).toBeUndefined();
    expect(dataset.classNames).toEqual(['10', '2', 'B', 'b', 'b-c', 'é']);
    expect(seedsOf(dataset.train)).toEqual([5, 6, 7, 2, 1, 3, 4, 8]);
    expect(Array.from(dataset.train.labels)).toEqual([0, 1, 2, 3, 3, 3, 4, 5]);
    expect(seedsOf(dataset.test)).toEqual([9, 10, 11, 12, 13, 14]);
    expect(imageOf(dataset.train, 0)).toEqual(sample(5));
  });

  it('skips dot-files, hidden folders, other extensions and files directly in train/; "./" and "//" are fine', async () => {
    const entries = files(
      {
        'train/a/one.png': 1,
        './train//a/two.jpg': 2,
        'train/a/.hidden.png': 90,
        'train/a/.thumbs/x.png': 91,
        'train/.ipynb_checkpoints/x.png': 92,
        'train/a/notes.txt': 93,
        'train/top.png': 94,
        'elsewhere/c/x.png': 95,
        'train/b/x.png': 3,
      },
      [{ path: 'train/a/one.png', image: gray(sample(96)) }],
    );
    const dataset = await imageFolderDataset({ entries, decode });
    expect(dataset.classNames).toEqual(['a', 'b']);
    expect(dataset.name).toBe('data');
    // No test/: held out, so count the images of both splits.
    const all = [...seedsOf(dataset.train), ...seedsOf(dataset.test)].sort((x, y) => x - y);
    expect(all).toEqual([1, 2, 3]);
  });

  it('without test/, holds out 10 % of train (seeded, at least 1), the same every time', async () => {
    const seeds: Record<string, number> = {};
    for (let i = 0; i < 23; i++) seeds[`train/${i % 2 ? 'odd' : 'even'}/${String(i).padStart(2, '0')}.png`] = i;
    const dataset = await imageFolderDataset({ entries: files(seeds), decode });
    expect(dataset.heldOutTest).toBe(2);
    expect([dataset.train.count, dataset.test.count]).toEqual([21, 2]);
    for (const split of [dataset.train, dataset.test]) {
      expect(Array.from(split.labels)).toEqual(seedsOf(split).map((seed) => (seed % 2 ? 1 : 0)));
    }
    const again = await imageFolderDataset({ entries: files(seeds).reverse(), decode });
    expect(again.test.images).toEqual(dataset.test.images);

    const one = await failure(
      imageFolderDataset({ entries: files({ 'train/a/1.png': 1 }), decode, name: 'one' }),
      'FILE_MISSING',
    );
    expect(one.message).toMatch(/^one has no test split and only 1 training image/);
  });

  it("'resize' turns any image into 28 × 28 and inverts the whole folder when most of train has light borders", async () => {
    const darkOnLight = (seed: number) => gray(Uint8Array.from(sample(seed), (v) => 255 - v));
    const big = rgbaImage(56, 56, (x, y) => (x >= 14 && x < 42 && y >= 14 && y < 42 ? 0 : 255));
    const entries: MemoryFile[] = [
      { path: 'train/a/0.png', image: darkOnLight(0) },
      { path: 'train/a/1.png', image: darkOnLight(1) },
      { path: 'train/b/2.png', image: gray(sample(2)) },
      { path: 'train/b/3.png', image: big },
      { path: 'test/a/4.png', image: darkOnLight(4) },
      { path: 'test/b/5.png', image: gray(sample(5)) },
    ];
    const dataset = await imageFolderDataset({ entries, decode });
    expect(imageOf(dataset.train, 0)).toEqual(sample(0));
    expect(imageOf(dataset.train, 2)).toEqual(Uint8Array.from(sample(2), (v) => 255 - v));
    const square = imageOf(dataset.train, 3);
    expect([square[0], square[14 * 28 + 14]]).toEqual([0, 255]);
    expect(imageOf(dataset.test, 0)).toEqual(sample(4));
  });

  it("'digit' is predict's recipe per image; a blank image is EMPTY_IMAGE naming the file", async () => {
    const digit = rgbaImage(50, 70, (x, y) => (x > 20 && x < 26 && y > 10 && y < 60 ? 0 : 255));
    const entries: MemoryFile[] = [
      { path: 'train/1/a.png', image: digit },
      { path: 'test/1/b.png', image: digit },
    ];
    const dataset = await imageFolderDataset({ entries, decode, preprocess: 'digit' });
    expect(imageOf(dataset.train, 0)).toEqual(preprocessDigit(digit));
    entries.push({ path: 'test/1/blank.png', image: rgbaImage(20, 20, () => 255) });
    const error = await failure(
      imageFolderDataset({ entries, decode, preprocess: 'digit', displayPath: (p) => `my/${p}` }),
      'EMPTY_IMAGE',
    );
    expect(error.message).toMatch(/^my\/test\/1\/blank\.png: /);
    expect(error.file).toBe('my/test/1/blank.png');
  });

  describe('bad input is one DatasetError line, naming paths through displayPath', () => {
    const shown = (path: string) => (path === '' ? 'drop' : `drop/${path}`);

    it('EMPTY_CLASS: a listed empty class folder, or one with no image files, in train/ or test/', async () => {
      const entries = files({ 'train/a/x.png': 1 }, [{ path: 'train/b', folder: true }]);
      const error = await failure(imageFolderDataset({ entries, decode, displayPath: shown }), 'EMPTY_CLASS');
      expect(error.message).toBe(
        'drop/train/b holds no images (.png, .jpg, .jpeg): every class folder needs at least one.',
      );
      expect(error.file).toBe('drop/train/b');
      // Not listed (a folder pick lists files only), an empty folder is no class.
      const unlisted = await imageFolderDataset({ entries: files({ 'train/a/x.png': 1, 'train/a/y.png': 2 }), decode });
      expect(unlisted.classNames).toEqual(['a']);
      const notes = files({ 'train/a/x.png': 1, 'train/b/x.png': 2, 'test/a/z.png': 3 }, [
        { path: 'test/b/readme.txt' },
      ]);
      expect((await failure(imageFolderDataset({ entries: notes, decode }), 'EMPTY_CLASS')).file).toBe('test/b');
    });

    it('BAD_IMAGE: the decoder’s error as it is, any other error naming the file; the first bad file in order', async () => {
      const bad = new DatasetError('BAD_IMAGE', 'x/train/a/zz.png is not a PNG or JPEG image.', { file: 'zz' });
      const entries = files({ 'train/a/good.png': 1 }, [{ path: 'train/a/zz.png', error: bad }]);
      expect(await failure(imageFolderDataset({ entries, decode }), 'BAD_IMAGE')).toBe(bad);
      const other = files({ 'train/a/good.png': 1 }, [{ path: 'train/a/zz.png', error: new TypeError('no\nway') }]);
      const error = await failure(imageFolderDataset({ entries: other, decode, displayPath: shown }), 'BAD_IMAGE');
      expect(error.message).toBe('cannot read drop/train/a/zz.png: no way');
      expect(error.file).toBe('drop/train/a/zz.png');

      const many: MemoryFile[] = Array.from({ length: 40 }, (_, i) => ({
        path: `train/a/${String(i).padStart(2, '0')}.png`,
        ...(i === 7 || i === 30 ? { error: new Error(`bad ${i}`) } : { image: gray(sample(i)) }),
      }));
      // The 30th fails at once, the 7th late: the 7th is still the one reported.
      const slow = async (entry: MemoryFile) => {
        if (entry.path.endsWith('07.png')) await new Promise((resolve) => setTimeout(resolve, 20));
        return decode(entry);
      };
      const first = await failure(imageFolderDataset({ entries: many, decode: slow }), 'BAD_IMAGE');
      expect(first.file).toBe('train/a/07.png');
    });

    it('TOO_MANY_CLASSES beyond 255 class folders', async () => {
      const entries = Array.from({ length: 256 }, (_, i) => ({ path: `train/c${i}`, folder: true }));
      const error = await failure(imageFolderDataset({ entries, decode, displayPath: shown }), 'TOO_MANY_CLASSES');
      expect(error.message).toBe('drop/train has 256 class folders; at most 255 are supported.');
    });

    it('CLASS_MISMATCH lists the classes only in train and only in test (an empty test/ too)', async () => {
      const entries = files({
        'train/cat/1.png': 1,
        'train/dog/1.png': 2,
        'train/owl/1.png': 3,
        'test/cat/1.png': 4,
        'test/cow/1.png': 5,
      });
      const error = await failure(imageFolderDataset({ entries, decode, displayPath: shown }), 'CLASS_MISMATCH');
      expect(error.message).toBe(
        'drop/test has other classes than drop/train: only in train: "dog", "owl"; only in test: "cow".',
      );
      expect(error.file).toBe('drop/test');
      const empty = files({ 'train/cat/1.png': 1 }, [{ path: 'test', folder: true }]);
      expect((await failure(imageFolderDataset({ entries: empty, decode }), 'CLASS_MISMATCH')).message).toContain(
        'only in train: "cat"; only in test: none',
      );
    });

    it('FILE_MISSING when train/ has no class folders', async () => {
      const entries = files({ 'train/x.png': 1, 'test/a/x.png': 2 });
      const error = await failure(imageFolderDataset({ entries, decode }), 'FILE_MISSING');
      expect(error.message).toBe(
        'train holds no class folders: put the images in one folder per class (train/<class>/*.png).',
      );
    });

    it('ABORTED before or while the images are decoded', async () => {
      const seeds: Record<string, number> = {};
      for (let i = 0; i < 60; i++) seeds[`train/a/${i}.png`] = i;
      await failure(imageFolderDataset({ entries: files(seeds), decode, signal: AbortSignal.abort() }), 'ABORTED');
      const controller = new AbortController();
      const loading = imageFolderDataset({ entries: files(seeds), decode, signal: controller.signal });
      controller.abort();
      await failure(loading, 'ABORTED');
    });

    it('INVALID_OPTION for a concurrency that is not a positive integer', async () => {
      await failure(
        imageFolderDataset({ entries: files({ 'train/a/1.png': 1 }), decode, concurrency: 0 }),
        'INVALID_OPTION',
      );
    });
  });

  it('decodes at most `concurrency` images at once and reports progress after each', async () => {
    const seeds: Record<string, number> = {};
    for (let i = 0; i < 30; i++) seeds[`${i < 20 ? 'train' : 'test'}/${i % 3}/${String(i).padStart(2, '0')}.png`] = i;
    let running = 0;
    let most = 0;
    const counting = async (entry: MemoryFile) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return decode(entry);
    };
    const progress: [number, number][] = [];
    const dataset = await imageFolderDataset({
      entries: files(seeds),
      decode: counting,
      concurrency: 4,
      onProgress: ({ done, total }) => progress.push([done, total]),
    });
    expect(most).toBe(4);
    expect(progress).toEqual(Array.from({ length: 30 }, (_, i) => [i + 1, 30]));
    expect([dataset.train.count, dataset.test.count]).toEqual([20, 10]);
  });
});
