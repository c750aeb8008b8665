import type { Mlp } from '../types';
import { type SaveModelToDirResult, saveModelToDir } from './saveModelToDir';

/** Where {@link saveMlpToDir} wrote the model. */
export type SaveMlpToDirResult = SaveModelToDirResult;

/**
 * Saves a model as `dir/model.json` + `dir/weights.bin` (the tfjs-layers format, loadable by
 * `tf.loadLayersModel`, `loadMlp` and `loadMlpFromDir`). Creates `dir` if needed. (`saveModelToDir` is the
 * same for any model, a CNN too.)
 *
 * Both files are first written to temporary files in `dir` and then renamed over the old ones, so a failed
 * save leaves an existing model untouched (if the second rename fails, the previous `weights.bin` is restored).
 * @throws ModelError `DISPOSED`, or `IO_FAILED` when writing fails.
 */
export async function saveMlpToDir(model: Mlp, dir: string): Promise<SaveMlpToDirResult> {
  return saveModelToDir(model, dir);
}
