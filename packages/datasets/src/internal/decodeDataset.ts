import { type DatasetFileKey, type DatasetSpec, FILE_KEYS } from '../registry';
import type { Dataset } from '../types';
import { throwIfAborted } from './abort';
import { assembleDataset } from './assembleDataset';
import type { DatasetPlatform } from './DatasetPlatform';
import { decodeIdxFile } from './decodeIdxFile';

/** What {@link decodeDataset} decodes. */
export interface DecodeDatasetInput {
  spec: DatasetSpec;
  /** The four files as stored or received: gzip or raw IDX, detected by content. */
  bytes: Readonly<Record<DatasetFileKey, Uint8Array>>;
  /** How each file is named in error messages (path or URL). */
  labels: Readonly<Record<DatasetFileKey, string>>;
  source: Dataset['source'];
  /** Checked before each file is decoded. */
  signal: AbortSignal | undefined;
  /** What the `ABORTED` error says was interrupted, e.g. `Loading mnist`. */
  what: string;
}

/**
 * The last stage of every loader: gunzips the four files with the platform's gunzip (raw IDX passes
 * through), then parses and validates them into a dataset ({@link assembleDataset}).
 */
export async function decodeDataset(input: DecodeDatasetInput, platform: DatasetPlatform): Promise<Dataset> {
  const { spec, bytes, labels, source, signal, what } = input;
  const raw = {} as Record<DatasetFileKey, Uint8Array>;
  for (const key of FILE_KEYS) {
    throwIfAborted(signal, what);
    raw[key] = await decodeIdxFile(bytes[key], labels[key], platform);
  }
  return assembleDataset(spec, raw, source, (key) => labels[key]);
}
