import { describe, expect, it } from 'vitest';
import { DATA_FILES as DATA } from '../test/fixtureData';
import { findDataLayout } from './dataLayout';
import type { DroppedItem } from './droppedItems';

/** Dropped files at these paths (the file is its path), and folders for paths ending in `/`. */
function items(...paths: string[]): DroppedItem<string>[] {
  return paths.map((path) => (path.endsWith('/') ? { path: path.slice(0, -1), folder: true } : { path, file: path }));
}

const find = (...paths: string[]) => findDataLayout(items(...paths), 'mnist', DATA);

describe('findDataLayout', () => {
  it('the four IDX files, loose or in a dropped folder', () => {
    expect(find(...DATA, 'README.txt')).toEqual({ kind: 'idx', files: [...DATA, 'README.txt'] });
    const inFolder = find(...DATA.map((name) => `fashion/${name}`));
    expect(inFolder).toEqual({ kind: 'idx', files: DATA.map((name) => `fashion/${name}`) });
  });

  it('an image folder in the dropped folder: entries relative to it, empty folders kept, the name from it', () => {
    const layout = find('digits/', 'digits/train/', 'digits/train/a/x.png', 'digits/train/b/', 'digits/test/a/y.png');
    expect(layout).toEqual({
      kind: 'image-folder',
      root: 'digits',
      name: 'digits',
      label: 'your folder digits',
      entries: [
        { path: 'train', folder: true },
        { path: 'train/a/x.png', file: 'digits/train/a/x.png' },
        { path: 'train/b', folder: true },
        { path: 'test/a/y.png', file: 'digits/test/a/y.png' },
      ],
    });
  });

  it('or in the shallowest sub-folder that holds train/; the dropped train/ and test/ folders themselves', () => {
    const nested = find('download/README.md', 'download/shapes/train/circle/1.png', 'download/x/y/train/a/1.png');
    expect(nested).toMatchObject({ kind: 'image-folder', root: 'download/shapes', name: 'shapes' });
    if (nested.kind !== 'image-folder') throw new Error('not an image folder');
    expect(nested.entries.map((entry) => entry.path)).toEqual(['train/circle/1.png']);
    const bare = find('train/a/1.png', 'test/a/2.png');
    expect(bare).toMatchObject({
      kind: 'image-folder',
      root: '',
      name: 'your data',
      label: 'your train/ and test/ folders',
    });
    // A hidden folder is never the root (a train/ inside .git, say).
    expect(find('.cache/train/a/1.png', 'data/train.csv')).toMatchObject({ kind: 'csv', root: 'data' });
  });

  it('in one folder, as the CLI: IDX files, then train/, then train.csv', () => {
    expect(find(...DATA, 'train/a/1.png', 'train.csv').kind).toBe('idx');
    expect(find('d/train/a/1.png', 'd/train.csv').kind).toBe('image-folder');
  });

  it('train.csv and an optional test.csv, loose or in a folder', () => {
    expect(find('train.csv', 'test.csv', 'notes.txt')).toEqual({
      kind: 'csv',
      root: '',
      name: 'train.csv',
      label: 'your train.csv + test.csv',
      train: { path: 'train.csv', file: 'train.csv' },
      test: { path: 'test.csv', file: 'test.csv' },
    });
    expect(find('kaggle/train.csv')).toEqual({
      kind: 'csv',
      root: 'kaggle',
      name: 'kaggle',
      label: 'your kaggle/train.csv',
      train: { path: 'kaggle/train.csv', file: 'kaggle/train.csv' },
    });
    // test.csv alone is no dataset.
    expect(find('test.csv').kind).toBe('none');
  });

  it('none: what the Data slot says of dataset or model files, else every layout it takes', () => {
    expect(find('model.json', 'weights.bin')).toEqual({
      kind: 'none',
      reason:
        'model files go in the Model section (model.json, weights.bin); the Data slot takes the four mnist files ' +
        `(${DATA.join(', ')})`,
    });
    expect(find(DATA[0]!, DATA[2]!)).toMatchObject({ reason: expect.stringMatching(/^missing train-labels-idx1/) });
    const none = find('photos/a.png', 'photos/b.png', 'notes.txt');
    if (none.kind !== 'none') throw new Error('found a dataset');
    expect(none.reason).toBe(
      `no dataset in photos and notes.txt: the Data slot takes the four mnist files (${DATA.join(', ')}), a folder of ` +
        'images per class (train/<class>/*.png|jpg, optional test/<class>/…) or a Kaggle train.csv (optional test.csv)',
    );
    const many = find('a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt');
    expect(many).toMatchObject({
      reason: expect.stringMatching(/^no dataset in a\.txt, b\.txt, c\.txt, d\.txt and 2 more:/),
    });
  });
});
