import { describe, expect, it } from 'vitest';
import { type EntryLike, looseItems, pickedFolderItems, walkEntries } from './droppedItems';

/** A stand-in `FileSystemFileEntry` whose file is its name (or whose read fails with `error`). */
function fileEntry(name: string, error?: Error): EntryLike<string> {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (success, failure) => queueMicrotask(() => (error === undefined ? success(name) : failure?.(error))),
  };
}

/** A stand-in `FileSystemDirectoryEntry` whose reader hands out `batch` children at a time, as Chromium's does (100). */
function folderEntry(name: string, children: EntryLike<string>[], batch = 2): EntryLike<string> {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (success) =>
          queueMicrotask(() => {
            success(children.slice(at, at + batch));
            at += batch;
          }),
      };
    },
  };
}

describe('walkEntries', () => {
  it('lists every file and folder of dropped folders (read in batches), with paths from the dropped names', async () => {
    const dropped = [
      folderEntry('digits', [
        fileEntry('README.md'),
        folderEntry('train', [
          folderEntry('a', [fileEntry('1.png'), fileEntry('2.png'), fileEntry('3.png')]),
          folderEntry('b', []),
        ]),
        folderEntry('.git', [fileEntry('HEAD')]),
        folderEntry('test', [folderEntry('a', [folderEntry('.ipynb_checkpoints', [fileEntry('x.png')])])]),
      ]),
      fileEntry('loose.csv'),
    ];
    const items = await walkEntries(dropped);
    expect(items).toEqual([
      { path: 'digits', folder: true },
      { path: 'digits/README.md', file: 'README.md' },
      { path: 'digits/train', folder: true },
      { path: 'digits/train/a', folder: true },
      { path: 'digits/train/a/1.png', file: '1.png' },
      { path: 'digits/train/a/2.png', file: '2.png' },
      { path: 'digits/train/a/3.png', file: '3.png' },
      { path: 'digits/train/b', folder: true },
      { path: 'digits/test', folder: true },
      { path: 'digits/test/a', folder: true },
      { path: 'loose.csv', file: 'loose.csv' },
    ]);
  });

  it('rejects with one line naming what could not be read', async () => {
    const broken = folderEntry('d', [
      fileEntry('gone.png', new DOMException('A requested file or directory could not be found.', 'NotFoundError')),
    ]);
    await expect(walkEntries([broken])).rejects.toThrow(
      /^cannot read d\/gone\.png from the drop: A requested file or directory could not be found$/,
    );
  });
});

describe('looseItems / pickedFolderItems', () => {
  it('loose files go under their names; a picked folder’s under their webkitRelativePath', () => {
    expect(looseItems([{ name: 'train.csv' }])).toEqual([{ path: 'train.csv', file: { name: 'train.csv' } }]);
    const picked = [
      { name: '1.png', webkitRelativePath: 'digits/train/a/1.png' },
      { name: 'x.csv', webkitRelativePath: '' },
    ];
    expect(pickedFolderItems(picked).map((item) => item.path)).toEqual(['digits/train/a/1.png', 'x.csv']);
  });
});
