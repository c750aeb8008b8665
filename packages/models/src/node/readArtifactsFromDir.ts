import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const errorMessage = (cause: unknown) => (cause as Error)?.message ?? String(cause);

async function read(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ModelError('NOT_FOUND', `${what} not found: ${path}`, { cause });
    }
    throw new ModelError('IO_FAILED', `Could not read ${what} ${path}: ${errorMessage(cause)}`, { cause });
  }
}

/**
 * The artifacts of `dir/model.json` and the weight files its manifest lists (normally `weights.bin`), read
 * (not validated beyond the manifest's structure).
 * @throws ModelError `NOT_FOUND` (missing directory, model.json or weights file), `IO_FAILED`, or
 * `INVALID_FORMAT` (not JSON, no manifest, a weight path outside `dir`).
 */
export async function readArtifactsFromDir(dir: string): Promise<tf.io.ModelArtifacts> {
  const modelPath = join(dir, 'model.json');
  const text = (await read(modelPath, 'model.json')).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelError('INVALID_FORMAT', `${modelPath} is not valid JSON: ${errorMessage(cause)}`, { cause });
  }
  if (!isObject(json)) throw new ModelError('INVALID_FORMAT', `${modelPath} is not a JSON object`);
  const manifest = json.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    !manifest.every(
      (g) =>
        isObject(g) &&
        Array.isArray(g.paths) &&
        g.paths.every((p) => typeof p === 'string') &&
        Array.isArray(g.weights),
    )
  ) {
    throw new ModelError('INVALID_FORMAT', `${modelPath}: weightsManifest is not a list of { paths, weights } groups`);
  }
  const groups = manifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const buffers: ArrayBuffer[] = [];
  for (const path of groups.flatMap((g) => g.paths)) {
    const rel = normalize(path);
    if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`) || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
      throw new ModelError('INVALID_FORMAT', `${modelPath}: weight path "${path}" is not a relative file path`);
    }
    const bytes = await read(join(dir, rel), `weights file "${path}" listed in model.json`);
    buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format as string | undefined,
    generatedBy: json.generatedBy as string | undefined,
    convertedBy: json.convertedBy as string | null | undefined,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: buffers,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
  return artifacts;
}
