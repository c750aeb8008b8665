import type * as tf from '@tensorflow/tfjs-core';
import { handlerFor } from './handlerFor';
import { ioFailed } from './ioFailed';

/** The artifacts an IOHandler (or URL) loads, its failures as `ModelError`. */
export async function loadArtifacts(
  handlerOrUrl: tf.io.IOHandler | string,
  caller: string,
): Promise<tf.io.ModelArtifacts> {
  const handler = handlerFor('load', handlerOrUrl, caller);
  try {
    return await handler.load();
  } catch (cause) {
    throw ioFailed('Loading', cause);
  }
}
