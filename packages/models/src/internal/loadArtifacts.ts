import type * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import { handlerFor } from './handlerFor';

/** The artifacts an IOHandler (or URL) loads, its failures as `ModelError`. */
export async function loadArtifacts(
  handlerOrUrl: tf.io.IOHandler | string,
  caller: string,
): Promise<tf.io.ModelArtifacts> {
  const handler = typeof handlerOrUrl === 'string' ? handlerFor('load', handlerOrUrl) : handlerOrUrl;
  if (typeof handler.load !== 'function') {
    throw new ModelError('NO_HANDLER', `the IOHandler passed to ${caller} cannot load (it has no load method)`);
  }
  try {
    return await handler.load();
  } catch (cause) {
    throw new ModelError('IO_FAILED', `Loading the model failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
}
