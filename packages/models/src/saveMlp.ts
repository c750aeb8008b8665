import type * as tf from '@tensorflow/tfjs-core';
import { saveArtifacts } from './internal/saveArtifacts';
import type { Mlp } from './types';

/**
 * Saves a model in the tfjs-layers format through any `tf.io.IOHandler`, or a URL understood by `tf.io`
 * (`indexeddb://name`, `localstorage://name`, `downloads://name`, `http(s)://…` as a POST via `tf.io.http`).
 * In Node, use `saveMlpToDir`. `saveModel` saves a CNN too.
 * @throws ModelError `NO_HANDLER` for a URL no handler understands, `IO_FAILED` when the handler fails.
 */
export async function saveMlp(model: Mlp, handlerOrUrl: tf.io.IOHandler | string): Promise<tf.io.SaveResult> {
  return saveArtifacts(model, handlerOrUrl, 'saveMlp');
}
