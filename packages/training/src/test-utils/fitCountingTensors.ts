import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { fit } from '../fit';

/**
 * `fit` recording `tf.memory().numTensors` at the end of every epoch, and asserting that the count stayed
 * the same (no tensor leaks from one epoch to the next). Returns the history and the counts.
 */
export async function fitCountingTensors(...[model, data, options = {}]: Parameters<typeof fit>) {
  const counts: number[] = [];
  const history = await fit(model, data, {
    ...options,
    callbacks: { ...options.callbacks, onEpochEnd: () => void counts.push(tf.memory().numTensors) },
  });
  expect(new Set(counts).size).toBe(1);
  return { history, counts };
}
