import type * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import { toArtifacts } from '../toArtifacts';
import type { Model } from '../types';
import { handlerFor } from './handlerFor';
import { ioFailed } from './ioFailed';

/** Saves `model`'s artifacts through a handler or URL, naming `caller` in its errors. */
export async function saveArtifacts(
  model: Model,
  handlerOrUrl: tf.io.IOHandler | string,
  caller: string,
): Promise<tf.io.SaveResult> {
  const handler = handlerFor('save', handlerOrUrl, caller);
  const artifacts = await toArtifacts(model);
  let result: tf.io.SaveResult;
  try {
    result = await handler.save(artifacts);
  } catch (cause) {
    throw ioFailed('Saving', cause);
  }
  if (result.errors != null && result.errors.length > 0) {
    throw new ModelError('IO_FAILED', `Saving the model failed: ${result.errors.map(String).join('; ')}`, {
      cause: result.errors,
    });
  }
  return result;
}
