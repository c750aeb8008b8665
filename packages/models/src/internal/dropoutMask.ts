import * as tf from '@tensorflow/tfjs-core';

/** Inverted dropout: U(−p, 1−p) > 0 with probability 1−p, scaled so the expectation is unchanged. */
export function dropoutMask<T extends tf.Tensor>(shape: number[], rate: number, seed: number | undefined): T {
  const u = tf.randomUniform(shape, -rate, 1 - rate, 'float32', seed);
  return tf.mul(tf.step(u), 1 / (1 - rate)) as T;
}
