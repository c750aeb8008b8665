import { fromArtifacts } from '../fromArtifacts';
import type { Mlp } from '../types';
import { readArtifactsFromDir } from './readArtifactsFromDir';

/**
 * Loads a model from `dir/model.json` and the weight files its manifest lists (normally `weights.bin`):
 * ours, or a stock tfjs-layers Sequential MLP. Validates strictly (see `fromArtifacts`). A folder that may
 * hold a CNN loads with `loadModelFromDir`.
 * @throws ModelError `NOT_FOUND` (missing directory, model.json or weights file), `IO_FAILED`, or
 * `INVALID_FORMAT` (not JSON, wrong structure, wrong shapes, wrong byte length, …).
 */
export async function loadMlpFromDir(dir: string): Promise<Mlp> {
  return fromArtifacts(await readArtifactsFromDir(dir));
}
