import { DatasetError, isDatasetError } from './DatasetError';
import { throwIfAborted } from './internal/abort';
import { checkOwnSplits } from './internal/checkOwnSplits';
import { comparePythonStrings } from './internal/comparePythonStrings';
import { forEachBounded } from './internal/forEachBounded';
import { holdOutTest } from './internal/holdOutTest';
import { MAX_CLASSES } from './internal/OwnData';
import { ownDataset } from './internal/ownDataset';
import { borderMedian } from './internal/pixels';
import { preprocessImage } from './preprocessImage';
import type { Dataset, DigitImage, ImagePreprocessing, Split } from './types';

/** Extensions of the image files an image folder is read from (any case); other files, and dot-files, are skipped. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** One file (or folder) of an image folder, as the platform lists it. */
export interface ImageFolderEntry {
  /**
   * Its path inside the data folder, `/`-separated: `train/<class>/…/<name>` or `test/<class>/…`.
   * Entries outside `train/` and `test/` are ignored. Required.
   */
  readonly path: string;
  /**
   * Whether it is a folder. Folders need not be listed (a file's path implies them), except those that
   * hold no file at all: listed, an empty class folder is `EMPTY_CLASS`; not listed, it is no class.
   * Defaults to `false`.
   */
  readonly folder?: boolean;
}

/** Progress of {@link imageFolderDataset}: after each image decoded. */
export interface ImageFolderProgress {
  /** Images decoded and preprocessed so far (train and test). */
  done: number;
  /** Images to decode in all. */
  total: number;
}

/** Options of {@link imageFolderDataset}. */
export interface ImageFolderDatasetOptions<E extends ImageFolderEntry = ImageFolderEntry> {
  /** Every file of the folder (and its empty folders), in any order: the Node `readdir` walk, a browser drop. Required. */
  entries: readonly E[];
  /**
   * Decodes one image file into pixels (Node: `readImageFile`; a browser: a canvas). Should reject with
   * `DatasetError('BAD_IMAGE')` naming the file; any other error becomes `BAD_IMAGE` naming it. Required.
   */
  decode: (entry: E) => Promise<DigitImage>;
  /** The dataset's `name`: the data folder's name. Defaults to `'data'`. */
  name?: string;
  /** The dataset's `source`. Defaults to `'files'`. */
  source?: Dataset['source'];
  /**
   * How each image becomes 28 × 28 light-on-dark bytes (see `preprocessImage`): `'resize'` keeps the
   * picture as framed, its polarity decided once for the whole folder (train's majority of light
   * borders); `'digit'` is MNIST's digit recipe (crop to the ink, centre of mass), as `predict` applies
   * to a photo of a digit, its polarity per image. Defaults to `'resize'`.
   */
  preprocess?: ImagePreprocessing;
  /**
   * How a path of `entries` (`''`: the data folder itself) is written in error messages and
   * `DatasetError.file`, e.g. `(p) => join(dir, p)`. Defaults to the path itself, `''` as `name`.
   */
  displayPath?: (path: string) => string;
  /** Images decoded at once. Defaults to `16`. */
  concurrency?: number;
  /** Called after each image is decoded. Defaults to none. */
  onProgress?: (progress: ImageFolderProgress) => void;
  /** Checked between images; fires → `DatasetError('ABORTED')`. Defaults to none. */
  signal?: AbortSignal;
}

/** Side of the images produced. */
const SIZE = 28;

/** One image file of a split: its entry, where it sits, and its label. */
interface LabeledEntry<E> {
  entry: E;
  path: string;
  folder: string;
  name: string;
  label: number;
}

/** What the entries hold: the splits present and, per split, each class folder's image files. */
interface FolderListing<E> {
  hasTest: boolean;
  classes: Record<'train' | 'test', Map<string, LabeledEntry<E>[]>>;
}

/**
 * A dataset from an image folder per class, torchvision's `ImageFolder` layout — `train/<class>/…` and,
 * optionally, `test/<class>/…`, PNG or JPEG files of any size, also in sub-folders of a class folder —
 * given as a list of entries and a decoder, so that Node (a folder on disk) and browsers (a dropped or
 * picked folder) read it by the same rules:
 *
 * - classes are train's class-folder names sorted as Python's `sorted()` does (label `i` is class `i` of
 *   a PyTorch model trained on the same folder); `test/` must have the same ones; at most 255;
 * - image files are `.png`, `.jpg`, `.jpeg` (any case); dot-files, hidden folders and other files are
 *   skipped; within a split, images are ordered by class, then folder, then name (torchvision's order);
 * - each image is decoded (`concurrency` at once) and becomes 28 × 28 bytes through `preprocessImage`;
 * - without `test/`, 10 % of train (seeded shuffle, at least 1 image) is held out as the test split
 *   (`heldOutTest`).
 *
 * @throws DatasetError, one line each: `FILE_MISSING` (no class folders in `train/`; a single image and no
 *   test split), `TOO_MANY_CLASSES`, `CLASS_MISMATCH` (lists the classes only in train / only in test),
 *   `EMPTY_CLASS` (names the class folder), `BAD_IMAGE` (names the file), `EMPTY_IMAGE` (`'digit'` mode; names
 *   the file), `ABORTED`.
 */
export async function imageFolderDataset<E extends ImageFolderEntry>(
  options: ImageFolderDatasetOptions<E>,
): Promise<Dataset> {
  const { entries, decode, name = 'data', source = 'files', preprocess = 'resize', signal, onProgress } = options;
  const displayPath = options.displayPath ?? ((path: string) => (path === '' ? name : path));
  const concurrency = options.concurrency ?? 16;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new DatasetError('INVALID_OPTION', `concurrency must be an integer ≥ 1, got ${concurrency}.`);
  }
  const what = `Reading ${displayPath('')}`;
  throwIfAborted(signal, what);
  const trainDir = displayPath('train');
  const testDir = displayPath('test');
  const { hasTest, classes } = listEntries(entries);
  const classNames = [...classes.train.keys()].sort(comparePythonStrings);
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
  if (hasTest) {
    const testClasses = [...classes.test.keys()].sort(comparePythonStrings);
    const onlyTrain = classNames.filter((name) => !classes.test.has(name));
    const onlyTest = testClasses.filter((name) => !classes.train.has(name));
    if (onlyTrain.length > 0 || onlyTest.length > 0) {
      const list = (names: string[]) => (names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', '));
      throw new DatasetError(
        'CLASS_MISMATCH',
        `${testDir} has other classes than ${trainDir}: only in train: ${list(onlyTrain)}; only in test: ${list(onlyTest)}.`,
        { file: testDir },
      );
    }
  }

  const trainFiles = splitFiles(classes.train, 'train', classNames, displayPath);
  const testFiles = hasTest ? splitFiles(classes.test, 'test', classNames, displayPath) : undefined;
  const progress = { done: 0, total: trainFiles.length + (testFiles?.length ?? 0) };
  const read = (files: LabeledEntry<E>[]) =>
    readSplit(files, { decode, preprocess, signal, what, displayPath, concurrency, progress, onProgress });
  const all = await read(trainFiles);
  const testRead = testFiles === undefined ? undefined : await read(testFiles);
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
    const held = holdOutTest(all.split, displayPath(''));
    train = held.train;
    test = held.test;
    heldOutTest = held.heldOut;
  }
  checkOwnSplits(train, test, classNames.length, trainDir, hasTest ? testDir : `${trainDir} (held out)`);
  return ownDataset(name, { train, test, classNames, preprocessing: preprocess, heldOutTest }, 'image-folder', source);
}

/** Whether a file or folder name is hidden (`.DS_Store`, `._x.png`, `.ipynb_checkpoints`): never read. */
function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/** The extension of a file name, lower-cased, with its dot (`''` without one). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/**
 * Sorts the entries into splits and class folders: a class is a non-hidden folder directly in `train/`
 * (or `test/`), holding an image or not; its images are the image files under it, outside hidden folders.
 */
function listEntries<E extends ImageFolderEntry>(entries: readonly E[]): FolderListing<E> {
  const classes = { train: new Map<string, LabeledEntry<E>[]>(), test: new Map<string, LabeledEntry<E>[]>() };
  let hasTest = false;
  const seen = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split('/').filter((part) => part !== '' && part !== '.');
    const split = parts[0];
    if (split !== 'train' && split !== 'test') continue;
    if (split === 'test') hasTest = true;
    const isFolder = entry.folder === true;
    // A file directly in train/ is not a class; a folder there is, as is the folder of any deeper entry.
    if (parts.length < (isFolder ? 2 : 3)) continue;
    const className = parts[1]!;
    if (isHidden(className)) continue;
    let files = classes[split].get(className);
    if (files === undefined) {
      files = [];
      classes[split].set(className, files);
    }
    if (isFolder) continue;
    const name = parts.at(-1)!;
    if (parts.slice(2).some(isHidden) || !IMAGE_EXTENSIONS.includes(extensionOf(name))) continue;
    const path = parts.join('/');
    if (seen.has(path)) continue;
    seen.add(path);
    files.push({ entry, path, folder: parts.slice(0, -1).join('/'), name, label: -1 });
  }
  return { hasTest, classes };
}

/**
 * Every image of a split, by class (label order), then as Python's `sorted(os.walk(…))` visits them
 * (torchvision's order): by folder path, then file name. A class folder without images is `EMPTY_CLASS`.
 */
function splitFiles<E>(
  classes: ReadonlyMap<string, LabeledEntry<E>[]>,
  split: 'train' | 'test',
  classNames: readonly string[],
  displayPath: (path: string) => string,
): LabeledEntry<E>[] {
  const files: LabeledEntry<E>[] = [];
  classNames.forEach((className, label) => {
    const found = [...(classes.get(className) ?? [])];
    if (found.length === 0) {
      const classDir = displayPath(`${split}/${className}`);
      throw new DatasetError(
        'EMPTY_CLASS',
        `${classDir} holds no images (${IMAGE_EXTENSIONS.join(', ')}): every class folder needs at least one.`,
        { file: classDir },
      );
    }
    found.sort((a, b) => comparePythonStrings(a.folder, b.folder) || comparePythonStrings(a.name, b.name));
    for (const file of found) files.push({ ...file, label });
  });
  return files;
}

/** What {@link readSplit} needs besides the files. */
interface ReadContext<E> {
  decode: (entry: E) => Promise<DigitImage>;
  preprocess: ImagePreprocessing;
  signal: AbortSignal | undefined;
  what: string;
  displayPath: (path: string) => string;
  concurrency: number;
  progress: ImageFolderProgress;
  onProgress: ((progress: ImageFolderProgress) => void) | undefined;
}

/**
 * Decodes and preprocesses the files, `concurrency` at a time, into a split. In `'resize'` mode the
 * images are not inverted here; `lightBorders` counts those whose border is light.
 */
async function readSplit<E>(
  files: readonly LabeledEntry<E>[],
  context: ReadContext<E>,
): Promise<{ split: Split; lightBorders: number }> {
  const { decode, preprocess, signal, what, displayPath, progress, onProgress } = context;
  let lightBorders = 0;
  const pixels = SIZE * SIZE;
  const images = new Uint8Array(files.length * pixels);
  const labels = new Uint8Array(files.length);
  await forEachBounded(files.length, context.concurrency, async (index) => {
    throwIfAborted(signal, what);
    const { entry, path, label } = files[index]!;
    const file = displayPath(path);
    let image: DigitImage;
    try {
      image = await decode(entry);
    } catch (cause) {
      if (isDatasetError(cause)) throw cause;
      const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').trim();
      throw new DatasetError('BAD_IMAGE', `cannot read ${file}: ${reason || 'unknown error'}`, { cause, file });
    }
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
      throw new DatasetError(cause.code, `${file}: ${cause.message}`, { cause, file });
    }
    labels[index] = label;
    progress.done++;
    onProgress?.({ done: progress.done, total: progress.total });
  });
  return { split: { images, labels, count: files.length, rows: SIZE, cols: SIZE }, lightBorders };
}

/** `255 − v` for every byte, in place. */
function invertBytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = 255 - bytes[i]!;
}
