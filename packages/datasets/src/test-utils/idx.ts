import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { idxBytes } from '@mnist-kit/test-utils';
import type { DatasetFileKey, DatasetFileSpec, DatasetSpec } from '../registry';
import type { DatasetName } from '../types';

/** IDX images bytes (magic 2051) with `pixel(i, r, c)` values (default: a deterministic pattern). */
export function idxImages(
  count: number,
  rows: number,
  cols: number,
  pixel: (i: number, r: number, c: number) => number = (i, r, c) => (i * 31 + r * cols + c) & 255,
): Uint8Array {
  const body = Uint8Array.from({ length: count * rows * cols }, (_, k) =>
    pixel(Math.floor(k / (rows * cols)), Math.floor(k / cols) % rows, k % cols),
  );
  return idxBytes('images', body, [count, rows, cols]);
}

/** IDX labels bytes (magic 2049). */
export function idxLabels(labels: ArrayLike<number>): Uint8Array {
  return idxBytes('labels', labels, [labels.length]);
}

/** Gzip bytes. Level `0` (stored) makes the size depend only on the input length. */
export function gzip(bytes: Uint8Array, level = 0): Uint8Array {
  const out = gzipSync(bytes, { level });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A small generated dataset: raw and gzipped IDX bytes plus a matching spec with sizes and checksums. */
export interface TestDataset {
  spec: DatasetSpec;
  /** Raw IDX bytes per file key. */
  raw: Record<DatasetFileKey, Uint8Array>;
  /** Published (gzipped) bytes per file name, as a server serves them. */
  files: Record<string, Uint8Array>;
  /** Published bytes per file key. */
  gz: Record<DatasetFileKey, Uint8Array>;
  trainLabels: number[];
  testLabels: number[];
}

export interface TestDatasetOptions {
  name?: DatasetName;
  trainCount?: number;
  testCount?: number;
  rows?: number;
  cols?: number;
  numClasses?: number;
  /** Changes pixel values (same sizes): a "valid IDX with the wrong hash" variant. Defaults to `0`. */
  variant?: number;
  /** Which checksum the spec carries. Defaults to `'sha256'`. */
  hash?: 'sha256' | 'md5' | 'none';
}

export function makeTestDataset(options: TestDatasetOptions = {}): TestDataset {
  const {
    name = 'mnist',
    trainCount = 24,
    testCount = 12,
    rows = 4,
    cols = 3,
    numClasses = 10,
    variant = 0,
    hash = 'sha256',
  } = options;
  const trainLabels = Array.from({ length: trainCount }, (_, i) => i % numClasses);
  const testLabels = Array.from({ length: testCount }, (_, i) => (i * 3) % numClasses);
  const pixel = (offset: number) => (i: number, r: number, c: number) =>
    (i * 31 + r * cols + c + offset + variant * 97) & 255;
  const raw: Record<DatasetFileKey, Uint8Array> = {
    trainImages: idxImages(trainCount, rows, cols, pixel(0)),
    trainLabels: idxLabels(trainLabels),
    testImages: idxImages(testCount, rows, cols, pixel(5)),
    testLabels: idxLabels(testLabels),
  };
  if (variant !== 0) {
    // Keep labels valid but different.
    raw.trainLabels[8] = (raw.trainLabels[8]! + 1) % numClasses;
    raw.testLabels[8] = (raw.testLabels[8]! + 1) % numClasses;
  }
  const names: Record<DatasetFileKey, string> = {
    trainImages: 'train-images-idx3-ubyte.gz',
    trainLabels: 'train-labels-idx1-ubyte.gz',
    testImages: 't10k-images-idx3-ubyte.gz',
    testLabels: 't10k-labels-idx1-ubyte.gz',
  };
  const gz = {} as Record<DatasetFileKey, Uint8Array>;
  const files: Record<string, Uint8Array> = {};
  const specFiles = {} as Record<DatasetFileKey, DatasetFileSpec>;
  for (const key of Object.keys(names) as DatasetFileKey[]) {
    gz[key] = gzip(raw[key]);
    files[names[key]] = gz[key];
    specFiles[key] = {
      name: names[key],
      size: gz[key].length,
      ...(hash === 'sha256' ? { sha256: sha256(gz[key]) } : hash === 'md5' ? { md5: md5(gz[key]) } : {}),
    };
  }
  const spec: DatasetSpec = {
    name,
    title: `test ${name}`,
    files: specFiles,
    mirrors: [],
    classNames: Array.from({ length: numClasses }, (_, i) => `class ${i}`),
  };
  return { spec, raw, files, gz, trainLabels, testLabels };
}
