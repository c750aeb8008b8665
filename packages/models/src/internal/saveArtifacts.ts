import type * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import { toArtifacts } from '../toArtifacts';
import type { Model } from '../types';
import { handlerFor } from './handlerFor';

/** Saves `model`'s artifacts through a handler or URL, naming `caller` in its errors. */
export async function saveArtifacts(
  model: Model,
  handlerOrUrl: tf.io.IOHandler | string,
  caller: string,
): Promise<tf.io.SaveResult> {
  const handler = typeof handlerOrUrl === 'string' ? handlerFor('save', handlerOrUrl) : handlerOrUrl;
  if (typeof handler.save !== 'function') {
    throw new ModelError('NO_HANDLER', `the IOHandler passed to ${caller} cannot save (it has no save method)`);
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
