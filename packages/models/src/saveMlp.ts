import type * as tf from '@tensorflow/tfjs-core';
import { handlerFor } from './internal/handlerFor';
import { ModelError } from './ModelError';
import { toArtifacts } from './toArtifacts';
import type { Mlp } from './types';

/**
 * Saves a model in the tfjs-layers format through any `tf.io.IOHandler`, or a URL understood by `tf.io`
 * (`indexeddb://name`, `localstorage://name`, `downloads://name`, `http(s)://…` as a POST via `tf.io.http`).
 * In Node, use `saveMlpToDir` from `@mnist-kit/models/node`.
 * @throws ModelError `NO_HANDLER` for a URL no handler understands, `IO_FAILED` when the handler fails.
 */
export async function saveMlp(model: Mlp, handlerOrUrl: tf.io.IOHandler | string): Promise<tf.io.SaveResult> {
  const handler = typeof handlerOrUrl === 'string' ? handlerFor('save', handlerOrUrl) : handlerOrUrl;
  if (typeof handler.save !== 'function') {
    throw new ModelError('NO_HANDLER', 'the IOHandler passed to saveMlp cannot save (it has no save method)');
  }
  const artifacts = await toArtifacts(model);
  let result: tf.io.SaveResult;
  try {
    result = await handler.save(artifacts);
  } catch (cause) {
    throw new ModelError('IO_FAILED', `Saving the model failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
  if (result.errors != null && result.errors.length > 0) {
    throw new ModelError('IO_FAILED', `Saving the model failed: ${result.errors.map(String).join('; ')}`, {
      cause: result.errors,
    });
  }
  return result;
}
