import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint } from '@mnist-kit/training';
import { CliError } from './CliError.js';
import { readJsonFile, writeFileAtomic } from './outDir.js';

export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_BIN = 'checkpoint.bin';

/** Writes a training checkpoint as `checkpoint.json` + `checkpoint.bin` (each atomically; binary first). */
export async function writeCheckpointFiles(dir: string, checkpoint: Checkpoint, run: unknown): Promise<void> {
  await writeFileAtomic(join(dir, CHECKPOINT_BIN), new Uint8Array(checkpoint.data));
  await writeFileAtomic(join(dir, CHECKPOINT_JSON), JSON.stringify({ run, manifest: checkpoint.manifest }, null, 2));
}

/** Reads a checkpoint written by `writeCheckpointFiles`, with the run settings stored beside it. */
export async function readCheckpointFiles(dir: string): Promise<{ checkpoint: Checkpoint; run: unknown }> {
  const json = (await readJsonFile(join(dir, CHECKPOINT_JSON), 'checkpoint')) as { run?: unknown; manifest?: unknown };
  if (!json || typeof json !== 'object' || !json.manifest || !json.run) {
    throw new CliError(
      'CHECKPOINT',
      `checkpoint ${join(dir, CHECKPOINT_JSON)} is malformed (no run settings or manifest)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, CHECKPOINT_BIN));
  } catch (error) {
    throw new CliError('CHECKPOINT', `checkpoint data not found: ${join(dir, CHECKPOINT_BIN)}`, { cause: error });
  }
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { checkpoint: { manifest: json.manifest, data } as Checkpoint, run: json.run };
}
