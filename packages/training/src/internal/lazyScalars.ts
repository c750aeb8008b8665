import * as tf from '@tensorflow/tfjs-core';

/**
 * Scalar tensors made from numbers on first use and kept outside every `tf.tidy` until `dispose`
 * (an optimizer's constant hyper-parameters, rebuilt after `setState` changes them).
 */
export function lazyScalars<K extends string>(make: () => Record<K, number>) {
  let cache: Record<K, tf.Scalar> | undefined;
  return {
    get(): Record<K, tf.Scalar> {
      if (cache === undefined) {
        const values = make();
        cache = {} as Record<K, tf.Scalar>;
        for (const key of Object.keys(values) as K[]) cache[key] = tf.keep(tf.scalar(values[key]));
      }
      return cache;
    },
    dispose(): void {
      if (cache !== undefined) tf.dispose(Object.values(cache) as tf.Scalar[]);
      cache = undefined;
    },
  };
}
