import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';

/**
 * The IOHandler to `kind` with: `handlerOrUrl` itself, or the one tfjs IOHandler registered for that URL
 * (`indexeddb://…`, `downloads://…`, `http(s)://…`). Throws `ModelError('NO_HANDLER')` when there is none or
 * when it has no `kind` method, naming `caller`.
 */
export function handlerFor<K extends 'load' | 'save'>(
  kind: K,
  handlerOrUrl: tf.io.IOHandler | string,
  caller: string,
): tf.io.IOHandler & Required<Pick<tf.io.IOHandler, K>> {
  const handler = typeof handlerOrUrl === 'string' ? registeredHandler(kind, handlerOrUrl) : handlerOrUrl;
  if (typeof handler[kind] !== 'function') {
    throw new ModelError('NO_HANDLER', `the IOHandler passed to ${caller} cannot ${kind} (it has no ${kind} method)`);
  }
  return handler as tf.io.IOHandler & Required<Pick<tf.io.IOHandler, K>>;
}

/** The one tfjs IOHandler registered for `url`. */
function registeredHandler(kind: 'load' | 'save', url: string): tf.io.IOHandler {
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
