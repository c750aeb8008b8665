import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from '../ModelError';
import { toArtifacts } from '../toArtifacts';
import type { Model } from '../types';

/** Where {@link saveModelToDir} wrote the model. */
export interface SaveModelToDirResult {
  /** Path of `model.json`. */
  readonly modelPath: string;
  /** Path of `weights.bin`. */
  readonly weightsPath: string;
  /** Size of `weights.bin` in bytes (paramCount × 4). */
  readonly weightBytes: number;
}

const errorMessage = (cause: unknown) => (cause as Error)?.message ?? String(cause);

/**
 * Saves a model — an MLP or a CNN — as `dir/model.json` + `dir/weights.bin` (the tfjs-layers format, loadable
 * by `tf.loadLayersModel`, `loadModel` and `loadModelFromDir`). Creates `dir` if needed.
 *
 * Both files are first written to temporary files in `dir` and then renamed over the old ones, so a failed
 * save leaves an existing model untouched (if the second rename fails, the previous `weights.bin` is restored).
 * @throws ModelError `DISPOSED`, or `IO_FAILED` when writing fails.
 */
export async function saveModelToDir(model: Model, dir: string): Promise<SaveModelToDirResult> {
  const artifacts = await toArtifacts(model);
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
  const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const modelPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.bin');
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmpJson = join(dir, `.model.json.${tag}.tmp`);
  const tmpBin = join(dir, `.weights.bin.${tag}.tmp`);
  const backup = join(dir, `.weights.bin.${tag}.bak`);
  let backedUp = false;
  let binReplaced = false;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmpBin, weights);
    await writeFile(tmpJson, `${JSON.stringify(modelJson)}\n`);
    backedUp = await link(weightsPath, backup).then(
      () => true,
      () => false,
    );
    await rename(tmpBin, weightsPath);
    binReplaced = true;
    await rename(tmpJson, modelPath);
  } catch (cause) {
    if (binReplaced && backedUp) await rename(backup, weightsPath).catch(() => undefined);
    await Promise.all([tmpBin, tmpJson, backup].map((p) => rm(p, { force: true }).catch(() => undefined)));
    throw new ModelError('IO_FAILED', `Could not save the model to ${dir}: ${errorMessage(cause)}`, { cause });
  }
  if (backedUp) await rm(backup, { force: true }).catch(() => undefined);
  return { modelPath, weightsPath, weightBytes: weights.byteLength };
}
