import { modelFromArtifacts } from '../modelFromArtifacts';
import type { Model } from '../types';
import { readArtifactsFromDir } from './readArtifactsFromDir';

/**
 * Loads a model — an MLP or a CNN, told apart by its topology (see `modelFromArtifacts`) — from
 * `dir/model.json` and the weight files its manifest lists (normally `weights.bin`): ours, or a stock
 * tfjs-layers Sequential. Validates strictly.
 * @throws ModelError `NOT_FOUND` (missing directory, model.json or weights file), `IO_FAILED`, or
 * `INVALID_FORMAT` (not JSON, wrong structure, wrong shapes, wrong byte length, …).
 */
export async function loadModelFromDir(dir: string): Promise<Model> {
  return modelFromArtifacts(await readArtifactsFromDir(dir));
}
