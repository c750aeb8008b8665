import { join } from 'node:path';
import { kaggleCsv } from '@mnist-kit/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../test-utils/failure';
import { gzip, makeTestDataset } from '../test-utils/idx';
import { encodePng, rgbaImage, writeTree } from '../test-utils/images';
import { tempDir } from '../test-utils/tempDir';
import { loadDataset } from './loadDataset';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

/** The four IDX files of a small generated dataset (labels `i % 10`), gzipped, under their published names. */
function idxFiles(options: Parameters<typeof makeTestDataset>[0] = {}): Record<string, Uint8Array> {
  const data = makeTestDataset({ hash: 'none', ...options });
  const files: Record<string, Uint8Array> = {};
  for (const key of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) {
    files[data.spec.files[key].name] = gzip(data.raw[key]);
  }
  return files;
}

describe('loadDataset({ dataDir }) layout detection', () => {
  it('four IDX files: today’s behaviour, with layout "idx" and the registry name', async () => {
    await writeTree(tmp.dir, idxFiles());
    const dataset = await loadDataset({ name: 'mnist', dataDir: tmp.dir });
    expect(dataset).toMatchObject({ name: 'mnist', layout: 'idx', source: 'local', preprocessing: 'digit' });
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(dataset.heldOutTest).toBeUndefined();
  });

  it('IDX files without a name: the folder’s name, classes "0" … the largest label', async () => {
    const dir = join(tmp.dir, 'emnist-ish');
    await writeTree(dir, idxFiles({ numClasses: 26, trainCount: 52, testCount: 26 }));
    const dataset = await loadDataset({ dataDir: dir });
    expect(dataset).toMatchObject({ name: 'emnist-ish', layout: 'idx', preprocessing: 'digit' });
    expect(dataset.classNames).toHaveLength(26);
    expect(dataset.classNames?.[25]).toBe('25');
    // With a name, the registry's 10 classes apply, and label 25 is out of range.
    await failure(loadDataset({ name: 'mnist', dataDir: dir }), 'LABEL_OUT_OF_RANGE');
  });

  it('the four IDX files win over train/ and train.csv in the same folder', async () => {
    await writeTree(tmp.dir, { ...idxFiles(), 'train.csv': kaggleCsv(3, () => 1), 'train/a/x.png': 'junk' });
    expect((await loadDataset({ name: 'mnist', dataDir: tmp.dir })).layout).toBe('idx');
  });

  it('train/ wins over train.csv', async () => {
    const png = encodePng(
      rgbaImage(28, 28, () => 0),
      0,
    );
    await writeTree(tmp.dir, { 'train.csv': 'not even a CSV', 'train/a/x.png': png, 'train/b/y.png': png });
    expect(await loadDataset({ dataDir: tmp.dir })).toMatchObject({ layout: 'image-folder', preprocessing: 'resize' });
  });

  it('some IDX files and nothing else: FILE_MISSING naming the first missing file, as before', async () => {
    const files = idxFiles();
    await writeTree(tmp.dir, { 'train-images-idx3-ubyte.gz': files['train-images-idx3-ubyte.gz']! });
    const error = await failure(loadDataset({ name: 'mnist', dataDir: tmp.dir }), 'FILE_MISSING');
    expect(error.file).toBe(join(tmp.dir, 'train-labels-idx1-ubyte.gz'));
  });

  it('none of the three layouts: one FILE_MISSING line describing each', async () => {
    await writeTree(tmp.dir, { 'notes.txt': 'hello', 'images/a.png': 'x' });
    const error = await failure(loadDataset({ name: 'fashion-mnist', dataDir: tmp.dir }), 'FILE_MISSING');
    expect(error.message).toContain(`${tmp.dir} holds no dataset`);
    for (const part of [
      'train-images-idx3-ubyte.gz',
      'train/<class>/*.png|jpg',
      'train.csv (label,pixel0,…,pixel783',
    ]) {
      expect(error.message).toContain(part);
    }
    expect(error.file).toBe(tmp.dir);
    const missing = await failure(loadDataset({ dataDir: join(tmp.dir, 'nope') }), 'FILE_MISSING');
    expect(missing.message).toContain('does not exist');
  });

  it('neither a name nor a dataDir: INVALID_OPTION', async () => {
    await failure(loadDataset({}), 'INVALID_OPTION');
  });
});

describe('loadDataset({ dataDir }) on Kaggle "Digit Recognizer" CSVs', () => {
  it('train.csv + a labeled test.csv: the two splits, classes "0" … the largest label of both', async () => {
    await writeTree(tmp.dir, {
      'train.csv': kaggleCsv(20, (r) => r % 4),
      'test.csv': kaggleCsv(6, (r) => 3 + (r % 3)),
    });
    const dataset = await loadDataset({ dataDir: tmp.dir });
    expect(dataset).toMatchObject({
      name: tmp.dir.split('/').pop(),
      layout: 'csv',
      source: 'local',
      preprocessing: 'digit',
    });
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5']);
    expect([dataset.train.count, dataset.test.count]).toEqual([20, 6]);
    expect(dataset.heldOutTest).toBeUndefined();
    expect(Array.from(dataset.test.labels)).toEqual([3, 4, 5, 3, 4, 5]);
    expect(dataset.train.images[784 + 10]).toBe(15);
  });

  it('train.csv alone, or with an unlabeled test.csv (left for predict): 10 % held out', async () => {
    await writeTree(tmp.dir, { 'train.csv': kaggleCsv(30, (r) => r % 3) });
    const alone = await loadDataset({ dataDir: tmp.dir });
    expect([alone.train.count, alone.test.count, alone.heldOutTest]).toEqual([27, 3, 3]);
    expect(alone.classNames).toEqual(['0', '1', '2']);
    await writeTree(tmp.dir, { 'test.csv': kaggleCsv(8) });
    const unlabeled = await loadDataset({ dataDir: tmp.dir });
    expect([unlabeled.train.count, unlabeled.test.count, unlabeled.heldOutTest]).toEqual([27, 3, 3]);
    expect(unlabeled.test.images).toEqual(alone.test.images);
  });

  it('an unlabeled train.csv or a ragged row: CSV_MALFORMED naming the file (and the line)', async () => {
    await writeTree(tmp.dir, { 'train.csv': kaggleCsv(3) });
    const unlabeled = await failure(loadDataset({ dataDir: tmp.dir }), 'CSV_MALFORMED');
    expect(unlabeled.message).toContain(`${join(tmp.dir, 'train.csv')} has no label column`);
    const lines = kaggleCsv(4, () => 1).split('\n');
    lines[2] = lines[2]!.slice(0, lines[2]!.lastIndexOf(','));
    await writeTree(tmp.dir, { 'train.csv': lines.join('\n') });
    const ragged = await failure(loadDataset({ dataDir: tmp.dir }), 'CSV_MALFORMED');
    expect(ragged.message).toBe(`${join(tmp.dir, 'train.csv')} line 3: 784 values, expected 785.`);
    await writeTree(tmp.dir, { 'train.csv': kaggleCsv(4, () => 1), 'test.csv': 'label,pixel0\n' });
    const test = await failure(loadDataset({ dataDir: tmp.dir }), 'CSV_MALFORMED');
    expect(test.file).toBe(join(tmp.dir, 'test.csv'));
  });
});
