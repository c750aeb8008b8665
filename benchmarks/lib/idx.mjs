// Minimal reader for MNIST-format (IDX) datasets: four gzipped (or plain) files in one folder.
// Used by the layers-fit baseline and the bench driver; no dependencies beyond node:zlib.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** Path of `<name>.gz` (preferred) or `<name>` in `dir`; throws when neither exists. */
export function idxPath(dir, name) {
  for (const candidate of [`${name}.gz`, name]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`missing ${name}(.gz) in ${dir}`);
}

/** Checks that `dir` holds the four MNIST-format files; returns their paths. */
export function findIdxFiles(dir) {
  return Object.fromEntries(Object.entries(IDX_FILES).map(([key, name]) => [key, idxPath(dir, name)]));
}

/** Parses one IDX file (gunzipping when it starts with the gzip magic): { dims, data: Uint8Array }. */
export function readIdx(path) {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf[0] !== 0 || buf[1] !== 0) throw new Error(`${path}: not an IDX file`);
  if (buf[2] !== 0x08)
    throw new Error(`${path}: only unsigned-byte IDX files are supported (type 0x${buf[2].toString(16)})`);
  const rank = buf[3];
  const dims = [];
  for (let i = 0; i < rank; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length < offset + size) throw new Error(`${path}: truncated (${buf.length - offset} of ${size} bytes)`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, size) };
}

/**
 * Loads a split as float32 pixels in [0, 1] (count × rows·cols) and int labels.
 * @param {string} dir
 * @param {'train' | 'test'} split
 */
export function loadSplit(dir, split) {
  const files = findIdxFiles(dir);
  const images = readIdx(split === 'train' ? files.trainImages : files.testImages);
  const labels = readIdx(split === 'train' ? files.trainLabels : files.testLabels);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new Error(`${dir}: ${split} has ${count} images but ${labels.dims[0]} labels`);
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return { count, rows, cols, pixels, labels: Uint8Array.from(labels.data) };
}
