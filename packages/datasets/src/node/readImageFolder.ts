import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from '../DatasetError';
import { type ImageFolderEntry, imageFolderDataset } from '../imageFolderDataset';
import { throwIfAborted } from '../internal/abort';
import type { OwnData } from '../internal/OwnData';
import type { ImagePreprocessing } from '../types';
import { readImageFile } from './decodeImage';

/** Options of {@link readImageFolder}. */
export interface ReadImageFolderOptions {
  /**
   * How each image becomes 28 × 28 light-on-dark bytes (see `preprocessImage`): `'resize'` keeps the
   * picture as framed (Fashion-MNIST-like data survives byte for byte); `'digit'` is MNIST's digit
   * recipe (crop to the ink, centre of mass), as `predict` applies to a photo of a digit. Defaults to `'resize'`.
   */
  preprocess?: ImagePreprocessing;
  /** Checked between files; fires → `DatasetError('ABORTED')`. Defaults to none. */
  signal?: AbortSignal;
}

/** A listed entry and the file it is on disk. */
interface DiskEntry extends ImageFolderEntry {
  /** The path on disk (through the folders as listed, symlinks not resolved): what errors name. */
  readonly file: string;
}

/**
 * @internal Reads an image folder per class, torchvision's `ImageFolder` layout: `<dir>/train/<class>/…`
 * and, optionally, `<dir>/test/<class>/…`. This file only lists the folder (following symlinked folders,
 * each real folder once) and reads the files (`readImageFile`); the rules — classes, order, errors,
 * preprocessing, the hold-out — are `imageFolderDataset`'s, shared with the browser.
 *
 * @throws DatasetError, one line each: those of `imageFolderDataset`, naming paths under `dir`, and
 *   `FILE_MISSING` for a folder that cannot be listed.
 */
export async function readImageFolder(dir: string, options: ReadImageFolderOptions = {}): Promise<OwnData> {
  const { preprocess, signal } = options;
  throwIfAborted(signal, `Reading ${dir}`);
  const entries: DiskEntry[] = [];
  await listTree(dir, 'train', entries, signal);
  if (await isDirectory(join(dir, 'test'))) await listTree(dir, 'test', entries, signal);
  const dataset = await imageFolderDataset({
    entries,
    decode: (entry) => readImageFile(entry.file),
    source: 'local',
    ...(preprocess === undefined ? {} : { preprocess }),
    ...(signal === undefined ? {} : { signal }),
    displayPath: (path) => (path === '' ? dir : join(dir, path)),
  });
  const { train, test, classNames = [], preprocessing = 'resize', heldOutTest } = dataset;
  return { train, test, classNames: [...classNames], preprocessing, heldOutTest };
}

/**
 * Appends every file and folder under `<dir>/<top>` to `out` (hidden ones not walked: they are skipped
 * anyway), with paths relative to `dir`. Symlinked folders are followed; inside each class folder, each
 * real folder is walked once (as torchvision's `os.walk(followlinks=True)` would loop, we stop).
 */
async function listTree(dir: string, top: string, out: DiskEntry[], signal: AbortSignal | undefined): Promise<void> {
  const walk = async (relative: string, depth: number, seen: Set<string>): Promise<void> => {
    throwIfAborted(signal, `Reading ${dir}`);
    const folder = join(dir, relative);
    if (depth > 0) {
      const real = await realpath(folder).catch(() => folder);
      if (seen.has(real)) return;
      seen.add(real);
    }
    out.push({ path: relative, folder: true, file: folder });
    for (const entry of await listDir(folder)) {
      if (entry.name.startsWith('.')) continue;
      const path = `${relative}/${entry.name}`;
      // Each class folder (depth 1) is walked on its own, as a class of its own.
      if (await entryIsDirectory(folder, entry)) await walk(path, depth + 1, depth === 0 ? new Set() : seen);
      else out.push({ path, file: join(folder, entry.name) });
    }
  };
  await walk(top, 0, new Set());
}

/** The entries of `dir`; an unreadable folder is `FILE_MISSING` naming it. */
async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new DatasetError('FILE_MISSING', `cannot read the folder ${dir}: ${code}`, { cause, file: dir });
  }
}

/** Whether a directory entry is a folder, following a symlink (a broken one is not). */
async function entryIsDirectory(dir: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return isDirectory(join(dir, entry.name));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
