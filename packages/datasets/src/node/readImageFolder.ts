import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DatasetError, isDatasetError } from '../DatasetError';
import { throwIfAborted } from '../internal/abort';
import { checkOwnSplits } from '../internal/checkOwnSplits';
import { comparePythonStrings } from '../internal/comparePythonStrings';
import { forEachBounded } from '../internal/forEachBounded';
import { holdOutTest } from '../internal/holdOutTest';
import { MAX_CLASSES, type OwnData } from '../internal/OwnData';
import { borderMedian } from '../internal/pixels';
import { preprocessImage } from '../preprocessImage';
import type { ImagePreprocessing, Split } from '../types';
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

/** Extensions of the image files read (case-insensitive); other files, and dot-files, are skipped. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** Side of the images produced. */
const SIZE = 28;
/** Files read at once (decoding is synchronous; this overlaps the reads). */
const READ_CONCURRENCY = 16;

/**
 * @internal Reads an image folder per class, torchvision's `ImageFolder` layout: `<dir>/train/<class>/…`
 * and, optionally, `<dir>/test/<class>/…`, PNG or JPEG files of any size (sub-folders of a class
 * folder are searched too). Classes are train's sub-folder names sorted as Python's `sorted()` does, so
 * label `i` is class `i` of a PyTorch model trained on the same folder. Images are ordered by class,
 * then path. Without `test/`, 10 % of train (seeded shuffle, at least 1 image) is held out as the test split.
 *
 * @throws DatasetError, one line each: `EMPTY_CLASS` (a class folder without images; names it),
 *   `BAD_IMAGE` (names the file), `TOO_MANY_CLASSES`, `CLASS_MISMATCH` (lists the classes only in
 *   train / only in test), `FILE_MISSING` (no class folders), `ABORTED`.
 */
export async function readImageFolder(dir: string, options: ReadImageFolderOptions = {}): Promise<OwnData> {
  const { preprocess = 'resize', signal } = options;
  const what = `Reading ${dir}`;
  throwIfAborted(signal, what);
  const trainDir = join(dir, 'train');
  const testDir = join(dir, 'test');
  const classNames = await classFolders(trainDir);
  if (classNames.length === 0) {
    throw new DatasetError(
      'FILE_MISSING',
      `${trainDir} holds no class folders: put the images in one folder per class (train/<class>/*.png).`,
      { file: trainDir },
    );
  }
  if (classNames.length > MAX_CLASSES) {
    throw new DatasetError(
      'TOO_MANY_CLASSES',
      `${trainDir} has ${classNames.length} class folders; at most ${MAX_CLASSES} are supported.`,
      { file: trainDir },
    );
  }
  const hasTest = await isDirectory(testDir);
  if (hasTest) {
    const testClasses = await classFolders(testDir);
    const onlyTrain = classNames.filter((name) => !testClasses.includes(name));
    const onlyTest = testClasses.filter((name) => !classNames.includes(name));
    if (onlyTrain.length > 0 || onlyTest.length > 0) {
      const list = (names: string[]) => (names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', '));
      throw new DatasetError(
        'CLASS_MISMATCH',
        `${testDir} has other classes than ${trainDir}: only in train: ${list(onlyTrain)}; only in test: ${list(onlyTest)}.`,
        { file: testDir },
      );
    }
  }

  const trainFiles = await listSplit(trainDir, classNames, signal, what);
  const testFiles = hasTest ? await listSplit(testDir, classNames, signal, what) : undefined;
  const all = await readSplit(trainFiles, preprocess, signal, what);
  const testRead = testFiles === undefined ? undefined : await readSplit(testFiles, preprocess, signal, what);
  // 'resize' decides light-on-dark once for the whole folder (the majority of train's borders), not per
  // image: a dark-bordered picture in a light-bordered dataset (two of Fashion-MNIST's 60 000) keeps its
  // polarity. The pipeline is linear in the gray values, so inverting its bytes is inverting its input.
  if (preprocess === 'resize' && all.lightBorders * 2 > all.split.count) {
    invertBytes(all.split.images);
    if (testRead !== undefined) invertBytes(testRead.split.images);
  }
  let train: Split;
  let test: Split;
  let heldOutTest: number | undefined;
  if (testRead !== undefined) {
    train = all.split;
    test = testRead.split;
  } else {
    const held = holdOutTest(all.split, dir);
    train = held.train;
    test = held.test;
    heldOutTest = held.heldOut;
  }
  checkOwnSplits(train, test, classNames.length, trainDir, hasTest ? testDir : `${trainDir} (held out)`);
  return { train, test, classNames, heldOutTest };
}

/** One image file of a split and its label. */
interface LabeledFile {
  path: string;
  label: number;
}

/** The sub-folder names of `dir` (hidden ones skipped), in Python's `sorted()` order. */
async function classFolders(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await listDir(dir)) {
    if (entry.name.startsWith('.')) continue;
    if (await entryIsDirectory(dir, entry)) names.push(entry.name);
  }
  return names.sort(comparePythonStrings);
}

/** Every image of every class folder of `dir`, by class, then path. */
async function listSplit(
  dir: string,
  classNames: readonly string[],
  signal: AbortSignal | undefined,
  what: string,
): Promise<LabeledFile[]> {
  const files: LabeledFile[] = [];
  for (let label = 0; label < classNames.length; label++) {
    throwIfAborted(signal, what);
    const classDir = join(dir, classNames[label]!);
    const paths = await imageFiles(classDir);
    if (paths.length === 0) {
      throw new DatasetError(
        'EMPTY_CLASS',
        `${classDir} holds no images (${IMAGE_EXTENSIONS.join(', ')}): every class folder needs at least one.`,
        { file: classDir },
      );
    }
    for (const path of paths) files.push({ path, label });
  }
  return files;
}

/**
 * The image files under `dir`, sub-folders included (followed through symlinks, each real folder
 * once), ordered as Python's `sorted(os.walk(dir))` visits them (torchvision's order): by folder path,
 * then file name.
 */
async function imageFiles(dir: string): Promise<string[]> {
  const groups: { folder: string; names: string[] }[] = [];
  const seen = new Set<string>();
  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder).catch(() => folder);
    if (seen.has(real)) return;
    seen.add(real);
    const names: string[] = [];
    groups.push({ folder, names });
    for (const entry of await listDir(folder)) {
      if (entry.name.startsWith('.')) continue;
      if (await entryIsDirectory(folder, entry)) await walk(join(folder, entry.name));
      else if (IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) names.push(entry.name);
    }
    names.sort(comparePythonStrings);
  };
  await walk(dir);
  groups.sort((a, b) => comparePythonStrings(a.folder, b.folder));
  return groups.flatMap(({ folder, names }) => names.map((name) => join(folder, name)));
}

/**
 * Decodes and preprocesses the files, {@link READ_CONCURRENCY} reads at a time, into a split. In
 * `'resize'` mode the images are not inverted here; `lightBorders` counts those whose border is light.
 */
async function readSplit(
  files: readonly LabeledFile[],
  preprocess: ImagePreprocessing,
  signal: AbortSignal | undefined,
  what: string,
): Promise<{ split: Split; lightBorders: number }> {
  let lightBorders = 0;
  const pixels = SIZE * SIZE;
  const images = new Uint8Array(files.length * pixels);
  const labels = new Uint8Array(files.length);
  await forEachBounded(files.length, READ_CONCURRENCY, async (index) => {
    throwIfAborted(signal, what);
    const { path, label } = files[index]!;
    const image = await readImageFile(path);
    throwIfAborted(signal, what);
    try {
      const out =
        preprocess === 'resize'
          ? preprocessImage(image, { mode: 'resize', invert: false, size: SIZE })
          : preprocessImage(image, { mode: preprocess, size: SIZE });
      if (preprocess === 'resize' && borderMedian(Float32Array.from(out), SIZE, SIZE) > 127.5) lightBorders++;
      images.set(out, index * pixels);
    } catch (cause) {
      if (!isDatasetError(cause)) throw cause;
      throw new DatasetError(cause.code, `${path}: ${cause.message}`, { cause, file: path });
    }
    labels[index] = label;
  });
  return { split: { images, labels, count: files.length, rows: SIZE, cols: SIZE }, lightBorders };
}

/** `255 − v` for every byte, in place. */
function invertBytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = 255 - bytes[i]!;
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
