import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';

/** The one tfjs IOHandler registered for `url` (`indexeddb://…`, `downloads://…`, `http(s)://…`). */
export function handlerFor(kind: 'load' | 'save', url: string): tf.io.IOHandler {
  const handlers = kind === 'load' ? tf.io.getLoadHandlers(url) : tf.io.getSaveHandlers(url);
  if (handlers.length === 0) {
    const nodeFn = kind === 'load' ? 'loadMlpFromDir' : 'saveMlpToDir';
    throw new ModelError(
      'NO_HANDLER',
      `No tfjs ${kind} handler for "${url}" (in Node, use ${nodeFn} from @mnist-kit/models/node)`,
    );
  }
  if (handlers.length > 1) {
    throw new ModelError('NO_HANDLER', `Several tfjs ${kind} handlers match "${url}"; pass one IOHandler instead`);
  }
  return handlers[0]!;
}
