import type * as tf from '@tensorflow/tfjs-core';
import { fromArtifacts } from './fromArtifacts';
import { handlerFor } from './internal/handlerFor';
import { ModelError } from './ModelError';
import type { Mlp } from './types';

/**
 * Loads a model saved in the tfjs-layers format from any `tf.io.IOHandler` (e.g.
 * `tf.io.browserFiles([jsonFile, weightsFile])`, `tf.io.fromMemory(artifacts)`), or a URL understood by
 * `tf.io` (`indexeddb://name`, `localstorage://name`, `http(s)://…/model.json`). In Node, use
 * `loadMlpFromDir` from `@mnist-kit/models/node`.
 * @throws ModelError `NO_HANDLER`, `IO_FAILED` (the handler failed, e.g. not found or not JSON) or
 * `INVALID_FORMAT` (see {@link fromArtifacts}).
 */
export async function loadMlp(handlerOrUrl: tf.io.IOHandler | string): Promise<Mlp> {
  const handler = typeof handlerOrUrl === 'string' ? handlerFor('load', handlerOrUrl) : handlerOrUrl;
  if (typeof handler.load !== 'function') {
    throw new ModelError('NO_HANDLER', 'the IOHandler passed to loadMlp cannot load (it has no load method)');
  }
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (cause) {
    throw new ModelError('IO_FAILED', `Loading the model failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
  return fromArtifacts(artifacts);
}
