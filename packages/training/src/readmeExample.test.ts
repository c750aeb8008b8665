// The README's "Any model function, any batch source" example, kept runnable.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { fit } from './fit';
import { sgd } from './sgd';
import type { BatchSource, TrainableModel } from './types';

it('trains a plain tfjs-core model function from a generator batch source with autograd', async () => {
  await tf.setBackend('cpu');

  const w = tf.variable(tf.zeros([2, 2]));
  const b = tf.variable(tf.zeros([2]));
  const model: TrainableModel = {
    params: { 'dense/kernel': w, 'dense/bias': b },
    forward: (x) => tf.add(tf.matMul(x as tf.Tensor2D, w), b),
  };

  const source: BatchSource = {
    length: 20,
    *batches(epoch) {
      for (let i = 0; i < 20; i++) {
        const xs = tf.randomNormal([32, 2], 0, 1, 'float32', epoch * 1000 + i);
        const ys = tf.tidy(() => tf.cast(tf.greater(tf.sum(xs, 1), 0), 'int32'));
        yield { xs, ys };
      }
    },
  };

  const optimizer = sgd({ learningRate: 0.5, momentum: 0.9 });
  const before = tf.memory().numTensors;
  const history = await fit(model, source, { epochs: 5, gradients: 'autograd', optimizer });
  const accuracy = history.epochs.map((e) => e.trainAccuracy!);
  expect(accuracy[4]).toBeGreaterThan(0.9);
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([w, b]);
});
