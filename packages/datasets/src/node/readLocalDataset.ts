import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from '../DatasetError';
import { candidateNames } from '../internal/candidateNames';
import { type DatasetFileKey, type DatasetSpec, FILE_KEYS } from '../registry';

/** @internal Reads the four files of `spec` from `dataDir` (each `.gz` or raw IDX); returns bytes and paths. */
export async function readLocalDataset(
  spec: DatasetSpec,
  dataDir: string,
): Promise<{ bytes: Record<DatasetFileKey, Uint8Array>; paths: Record<DatasetFileKey, string> }> {
  const bytes = {} as Record<DatasetFileKey, Uint8Array>;
  const paths = {} as Record<DatasetFileKey, string>;
  for (const key of FILE_KEYS) {
    const names = candidateNames(spec.files[key].name);
    let found = false;
    for (const name of names) {
      const path = join(dataDir, name);
      let buffer: Buffer;
      try {
        buffer = await readFile(path);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw new DatasetError('FILE_MISSING', `Cannot read ${path}: ${(cause as Error).message}`, {
          cause,
          file: path,
        });
      }
      bytes[key] = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      paths[key] = path;
      found = true;
      break;
    }
    if (!found) {
      const path = join(dataDir, spec.files[key].name);
      throw new DatasetError(
        'FILE_MISSING',
        `${spec.name}: ${path} not found (also tried ${names.slice(1).join(', ')} in ${dataDir}).`,
        { file: path },
      );
    }
  }
  return { bytes, paths };
}
