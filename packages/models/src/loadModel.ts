import type * as tf from '@tensorflow/tfjs-core';
import { loadArtifacts } from './internal/loadArtifacts';
import { modelFromArtifacts } from './modelFromArtifacts';
import type { Model } from './types';

/**
 * Loads a model saved in the tfjs-layers format — an MLP or a CNN, told apart by its topology (see
 * {@link modelFromArtifacts}) — from any `tf.io.IOHandler` (e.g. `tf.io.browserFiles([jsonFile, weightsFile])`,
 * `tf.io.fromMemory(artifacts)`) or a URL understood by `tf.io` (`indexeddb://name`, `localstorage://name`,
 * `http(s)://…/model.json`). In Node, `loadModelFromDir` reads a folder.
 * @throws ModelError `NO_HANDLER`, `IO_FAILED` (the handler failed, e.g. not found or not JSON) or
 * `INVALID_FORMAT`.
 */
export async function loadModel(handlerOrUrl: tf.io.IOHandler | string): Promise<Model> {
  return modelFromArtifacts(await loadArtifacts(handlerOrUrl, 'loadModel'));
}
