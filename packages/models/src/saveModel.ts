import type * as tf from '@tensorflow/tfjs-core';
import { saveArtifacts } from './internal/saveArtifacts';
import type { Model } from './types';

/**
 * Saves a model — an MLP or a CNN — in the tfjs-layers format through any `tf.io.IOHandler`, or a URL
 * understood by `tf.io` (`indexeddb://name`, `localstorage://name`, `downloads://name`, `http(s)://…` as a POST
 * via `tf.io.http`). In Node, `saveModelToDir` writes a folder.
 * @throws ModelError `NO_HANDLER` for a URL no handler understands, `IO_FAILED` when the handler fails.
 */
export async function saveModel(model: Model, handlerOrUrl: tf.io.IOHandler | string): Promise<tf.io.SaveResult> {
  return saveArtifacts(model, handlerOrUrl, 'saveModel');
}
