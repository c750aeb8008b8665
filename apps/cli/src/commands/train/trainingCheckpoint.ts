import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint, CheckpointManifest } from '@mnist-kit/training';
import { CliError } from '../../CliError.js';
import { CHECKPOINT_DATA_FILE, CHECKPOINT_JSON, LEGACY_CHECKPOINT_BIN, type RunDir } from '../../fs/openRunDir.js';
import { readJsonFile } from '../../fs/readJsonFile.js';
import { parseRunConfig, type RunConfig } from './runConfig.js';

const FORMAT = 'mnist-kit-cli-checkpoint';
const VERSION = 2;

/** A checkpoint as `train` stores it, with the run it belongs to. */
export interface TrainingCheckpoint {
  checkpoint: Checkpoint;
  run: RunConfig;
  /** Epochs the checkpoint has completed. */
  epoch: number;
}

/** Writes `checkpoint` (whose `manifest.extra.run` holds the run settings) into the run folder, atomically. */
export async function writeTrainingCheckpoint(runDir: RunDir, checkpoint: Checkpoint): Promise<void> {
  const bytes = new Uint8Array(checkpoint.data);
  await runDir.writeCheckpoint(
    (data) => ({ format: FORMAT, version: VERSION, data, bytes: bytes.byteLength, manifest: checkpoint.manifest }),
    bytes,
  );
}

/**
 * Reads and validates the checkpoint of `dir`: the file's format, the data file it names (present, of the
 * recorded size), and the run settings. Anything wrong is one clear line naming the file. Reads the
 * `checkpoint.json` + `checkpoint.bin` pair of older versions too.
 */
export async function readTrainingCheckpoint(dir: string): Promise<TrainingCheckpoint> {
  const file = join(dir, CHECKPOINT_JSON);
  const json = (await readJsonFile(file, 'checkpoint', 'CHECKPOINT')) as Record<string, unknown> | null;
  const bad = (why: string) => new CliError('CHECKPOINT', `checkpoint ${file} ${why}`);
  if (typeof json !== 'object' || json === null) throw bad('is not a checkpoint');
  const legacy = json.format === undefined && json.run !== undefined;
  if (!legacy && (json.format !== FORMAT || json.version !== VERSION)) {
    throw bad(`is not a ${FORMAT} v${VERSION} file (format ${String(json.format)}, version ${String(json.version)})`);
  }
  const manifest = json.manifest as CheckpointManifest | undefined;
  if (typeof manifest !== 'object' || manifest === null || !Number.isInteger(manifest.epoch) || manifest.epoch < 0) {
    throw bad('has no valid manifest (epoch, parameters)');
  }
  const dataName = legacy ? LEGACY_CHECKPOINT_BIN : json.data;
  if (typeof dataName !== 'string' || !(legacy || CHECKPOINT_DATA_FILE.test(dataName))) {
    throw bad(`names no valid data file (${JSON.stringify(json.data)})`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, dataName));
  } catch (error) {
    throw new CliError('CHECKPOINT', `checkpoint data ${join(dir, dataName)} is missing`, { cause: error });
  }
  if (!legacy && bytes.byteLength !== json.bytes) {
    throw bad(`expects ${String(json.bytes)} bytes of data, ${dataName} has ${bytes.byteLength} (truncated?)`);
  }
  const stored = legacy ? withLegacyDefaults(json.run) : (manifest.extra as { run?: unknown } | undefined)?.run;
  const run = parseRunConfig(stored, file);
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { checkpoint: { manifest, data }, run, epoch: manifest.epoch };
}

/** A run recorded by an older version: the settings it did not record yet, at their defaults then. */
function withLegacyDefaults(run: unknown): unknown {
  if (typeof run !== 'object' || run === null) return run;
  const { limit, ...rest } = run as Record<string, unknown>;
  return {
    normalize: 'unit',
    flip: false,
    shift: 0,
    inputDropout: 0,
    backend: 'auto',
    stepEngine: 'auto',
    ...rest,
    ...(limit === undefined || limit === null ? {} : { limit }),
  };
}
