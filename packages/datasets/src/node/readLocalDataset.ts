import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { csvDataset } from '../csvDataset';
import { DatasetError } from '../DatasetError';
import { throwIfAborted } from '../internal/abort';
import { candidateNames } from '../internal/candidateNames';
import { decodeDataset } from '../internal/decodeDataset';
import { MAX_CLASSES } from '../internal/OwnData';
import { ownDataset } from '../internal/ownDataset';
import { type DatasetFileKey, type DatasetSpec, FILE_KEYS, getDatasetSpec } from '../registry';
import type { Dataset, DatasetName, ImagePreprocessing } from '../types';
import { nodePlatform } from './nodePlatform';

/** @internal What {@link readLocalDataset} reads. */
export interface ReadLocalDatasetOptions {
  dataDir: string;
  /** The built-in dataset whose IDX files (names, classes) the folder holds; none: MNIST's names, classes from the labels. */
  name: DatasetName | undefined;
  /** Replaces the registry entry of `name` for the IDX layout. */
  spec: DatasetSpec | undefined;
  /** Image folders only; `readImageFolder`'s default (`'resize'`) when `undefined`. */
  preprocess: ImagePreprocessing | undefined;
  signal: AbortSignal | undefined;
}

/**
 * @internal Loads a local folder in whichever layout it holds, tried in this order: the four IDX files
 * of `spec` (`.gz` or raw, detected by content) → an image folder per class (`train/<class>/*`) →
 * Kaggle-style CSVs (`train.csv`, optional `test.csv`). A folder with none of them is one
 * `FILE_MISSING` error describing all three (or, when some IDX files are there, naming the first missing one).
 */
export async function readLocalDataset(options: ReadLocalDatasetOptions): Promise<Dataset> {
  const { dataDir, name, signal } = options;
  const folderName = basename(resolve(dataDir)) || 'data';
  const what = `Loading ${name ?? dataDir}`;
  throwIfAborted(signal, what);
  if (!(await isDirectory(dataDir))) {
    throw new DatasetError('FILE_MISSING', `the data folder ${dataDir} does not exist (or is not a folder).`, {
      file: dataDir,
    });
  }
  const spec = options.spec ?? getDatasetSpec(name ?? 'mnist');
  const idx = await readIdxFiles(spec, dataDir);
  if (idx.missing.length === 0) {
    const bytes = idx.bytes as Record<DatasetFileKey, Uint8Array>;
    const paths = idx.paths as Record<DatasetFileKey, string>;
    if (name !== undefined || options.spec !== undefined) {
      const dataset = await decodeDataset({ spec, bytes, labels: paths, source: 'local', signal, what }, nodePlatform);
      return { ...dataset, layout: 'idx' };
    }
    // No name: any MNIST-format data (EMNIST, your own IDX files); classes '0' … the largest label.
    const open = { ...spec, classNames: Array.from({ length: 256 }, (_, i) => String(i)) };
    const dataset = await decodeDataset(
      { spec: open, bytes, labels: paths, source: 'local', signal, what },
      nodePlatform,
    );
    const classNames = labelNames([dataset.train.labels, dataset.test.labels], paths.trainLabels);
    return { ...dataset, name: folderName, classNames, layout: 'idx' };
  }
  if (await isDirectory(join(dataDir, 'train'))) {
    // Loaded on first use: the PNG/JPEG decoders are CommonJS and cost start-up time for IDX users.
    const { readImageFolder } = await import('./readImageFolder');
    const data = await readImageFolder(dataDir, { preprocess: options.preprocess, signal });
    return ownDataset(folderName, data, 'image-folder', 'local');
  }
  const trainCsv = join(dataDir, 'train.csv');
  if (await isFile(trainCsv)) {
    const testCsv = join(dataDir, 'test.csv');
    const train = await readCsv(trainCsv, signal, what);
    const test = (await isFile(testCsv)) ? await readCsv(testCsv, signal, what) : undefined;
    throwIfAborted(signal, what);
    return csvDataset({ train, test, trainFile: trainCsv, testFile: testCsv, name: folderName, source: 'local' });
  }
  if (idx.missing.length < FILE_KEYS.length) {
    const key = idx.missing[0]!;
    const names = candidateNames(spec.files[key].name);
    const path = join(dataDir, spec.files[key].name);
    throw new DatasetError(
      'FILE_MISSING',
      `${spec.name}: ${path} not found (also tried ${names.slice(1).join(', ')} in ${dataDir}).`,
      { file: path },
    );
  }
  throw new DatasetError(
    'FILE_MISSING',
    `${dataDir} holds no dataset: expected the four MNIST-format files (${FILE_KEYS.map((key) => spec.files[key].name).join(', ')}; ` +
      'with or without .gz), an image folder per class (train/<class>/*.png|jpg, optional test/<class>/…), ' +
      'or a Kaggle "Digit Recognizer" train.csv (label,pixel0,…,pixel783; optional test.csv).',
    { file: dataDir },
  );
}

/** `'0'` … the largest label of `labels`; `TOO_MANY_CLASSES` beyond {@link MAX_CLASSES}. */
function labelNames(labels: readonly Uint8Array[], file: string): string[] {
  let max = 0;
  for (const split of labels) for (const label of split) if (label > max) max = label;
  if (max + 1 > MAX_CLASSES) {
    throw new DatasetError(
      'TOO_MANY_CLASSES',
      `${file}: label ${max} means ${max + 1} classes; at most ${MAX_CLASSES} are supported.`,
      { file },
    );
  }
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}

/** The IDX files of `spec` found in `dataDir` under any accepted name, and the keys of those not found. */
async function readIdxFiles(
  spec: DatasetSpec,
  dataDir: string,
): Promise<{
  bytes: Partial<Record<DatasetFileKey, Uint8Array>>;
  paths: Partial<Record<DatasetFileKey, string>>;
  missing: DatasetFileKey[];
}> {
  const bytes: Partial<Record<DatasetFileKey, Uint8Array>> = {};
  const paths: Partial<Record<DatasetFileKey, string>> = {};
  const missing: DatasetFileKey[] = [];
  for (const key of FILE_KEYS) {
    const found = await readFirst(candidateNames(spec.files[key].name).map((name) => join(dataDir, name)));
    if (found === undefined) missing.push(key);
    else {
      bytes[key] = found.bytes;
      paths[key] = found.path;
    }
  }
  return { bytes, paths, missing };
}

/** The first of `paths` that exists, read; `undefined` when none does. Other read errors are `FILE_MISSING`. */
async function readFirst(paths: readonly string[]): Promise<{ path: string; bytes: Uint8Array } | undefined> {
  for (const path of paths) {
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new DatasetError('FILE_MISSING', `Cannot read ${path}: ${(cause as Error).message}`, { cause, file: path });
    }
    return { path, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  }
  return undefined;
}

/** The bytes of one CSV. */
async function readCsv(path: string, signal: AbortSignal | undefined, what: string): Promise<Uint8Array> {
  throwIfAborted(signal, what);
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (cause) {
    throw new DatasetError('FILE_MISSING', `Cannot read ${path}: ${(cause as Error).message}`, { cause, file: path });
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
