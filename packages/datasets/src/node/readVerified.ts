import { readFile } from 'node:fs/promises';
import { looksLikeData } from '../internal/sniff';
import type { DatasetFileSpec } from '../registry';
import { verifyBytes } from './verifyBytes';

/** The bytes of the file at `path` when it exists, looks like data and passes {@link verifyBytes}; `undefined` otherwise. */
export async function readVerified(path: string, file: DatasetFileSpec): Promise<Uint8Array | undefined> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (!looksLikeData(bytes) || (await verifyBytes(bytes, file)) !== undefined) return undefined;
  return bytes;
}
