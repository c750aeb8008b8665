import { mulberry32 } from '../internal/mulberry32';
import { DATASETS, type DatasetFileKey, type DatasetFileSpec, type DatasetSpec, FILE_KEYS } from '../registry';
import { sha256 } from './idx';

/** Generated files with the published MNIST sizes, and a spec carrying their sizes and SHA-256. */
export interface RealSizeDataset {
  spec: DatasetSpec;
  /** Bytes per file key. */
  bytes: Record<DatasetFileKey, Uint8Array>;
  /** Bytes per file name, as a server serves them. */
  files: Record<string, Uint8Array>;
}

/**
 * Seeded pseudo-random bytes the size of each MNIST file (train-images 9,912,422 bytes, …), starting
 * with the gzip magic so that they pass the downloader's "looks like data" check. Not parseable:
 * for download tests (`downloadDataset`, `downloadFile`), not `loadDataset`.
 */
export function makeRealSizeDataset(seed = 1): RealSizeDataset {
  const random = mulberry32(seed);
  const bytes = {} as Record<DatasetFileKey, Uint8Array>;
  const files: Record<string, Uint8Array> = {};
  const specFiles = {} as Record<DatasetFileKey, DatasetFileSpec>;
  for (const key of FILE_KEYS) {
    const { name, size } = DATASETS.mnist.files[key];
    const out = new Uint8Array(size!);
    const words = new Uint32Array(out.buffer, 0, size! >>> 2);
    for (let i = 0; i < words.length; i++) words[i] = random() * 4294967296;
    for (let i = words.length * 4; i < out.length; i++) out[i] = random() * 256;
    out.set([0x1f, 0x8b, 0x08], 0);
    bytes[key] = out;
    files[name] = out;
    specFiles[key] = { name, size: out.length, sha256: sha256(out) };
  }
  const spec: DatasetSpec = { ...DATASETS.mnist, files: specFiles, mirrors: [] };
  return { spec, bytes, files };
}

/** A copy of `bytes` with every byte from `from` on changed: same size, same start, wrong hash. */
export function corruptFrom(bytes: Uint8Array, from: number): Uint8Array {
  const out = bytes.slice();
  for (let i = from; i < out.length; i++) out[i] = out[i]! ^ 0x5a;
  return out;
}
