import type * as tf from '@tensorflow/tfjs-core';
import { fromArtifacts } from './fromArtifacts';
import { loadArtifacts } from './internal/loadArtifacts';
import type { Mlp } from './types';

/**
 * Loads a model saved in the tfjs-layers format from any `tf.io.IOHandler` (e.g.
 * `tf.io.browserFiles([jsonFile, weightsFile])`, `tf.io.fromMemory(artifacts)`), or a URL understood by
 * `tf.io` (`indexeddb://name`, `localstorage://name`, `http(s)://…/model.json`). In Node, use
 * `loadMlpFromDir`. For a file that may hold a CNN, use `loadModel`.
 * @throws ModelError `NO_HANDLER`, `IO_FAILED` (the handler failed, e.g. not found or not JSON) or
 * `INVALID_FORMAT` (see {@link fromArtifacts}).
 */
export async function loadMlp(handlerOrUrl: tf.io.IOHandler | string): Promise<Mlp> {
  return fromArtifacts(await loadArtifacts(handlerOrUrl, 'loadMlp'));
}
