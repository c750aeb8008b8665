import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePng, rgbaImage, writeTree } from '../test-utils/images';
import { tempDir } from '../test-utils/tempDir';
import { readImageFolder } from './readImageFolder';

// readImageFolder's own part — listing the folder — where symlinks make it more than a readdir walk.

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

const png = (v: number) =>
  encodePng(
    rgbaImage(28, 28, (x, y) => (x > 5 && x < 20 && y > 5 && y < 20 ? v : 0)),
    0,
  );

describe('readImageFolder listing', () => {
  it('two class folders linked to one real folder are two classes, each with its images', async () => {
    await writeTree(tmp.dir, {
      'shared/x.png': png(200),
      'shared/y.png': png(100),
      'data/train/README.md': 'not a class',
      'data/test/a/t.png': png(50),
      'data/test/b/t.png': png(60),
    });
    await symlink(join(tmp.dir, 'shared'), join(tmp.dir, 'data/train/a'));
    await symlink(join(tmp.dir, 'shared'), join(tmp.dir, 'data/train/b'));
    const data = await readImageFolder(join(tmp.dir, 'data'));
    expect(data.classNames).toEqual(['a', 'b']);
    expect(Array.from(data.train.labels)).toEqual([0, 0, 1, 1]);
  });

  it('a link back up inside a class folder is walked once (no loop, no image twice)', async () => {
    await writeTree(tmp.dir, { 'train/a/x.png': png(200), 'train/a/sub/y.png': png(100), 'test/a/z.png': png(90) });
    await symlink(join(tmp.dir, 'train/a'), join(tmp.dir, 'train/a/sub/again'));
    const data = await readImageFolder(tmp.dir);
    expect(data.train.count).toBe(2);
  });
});
