import { randomArray } from '@mnist-kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardOptions, NamedTensors, NamedVariables, TrainableModel } from '../types';

/** A softmax-regression model (`x·W + b`) with a hand-written backward pass, for tests. */
export interface LinearModel extends TrainableModel {
  readonly params: NamedVariables;
  backward(dOutput: tf.Tensor): NamedTensors;
  dispose(): void;
}

/** A linear model with seeded weights in U(−1/√in, 1/√in), params `dense/kernel` `[in, out]` and `dense/bias`. */
export function createLinearModel(inputSize: number, outputSize: number, seed = 1): LinearModel {
  const bound = 1 / Math.sqrt(inputSize);
  const kernel = tf.tidy(() =>
    tf.variable(tf.tensor2d(randomArray(inputSize * outputSize, seed, bound), [inputSize, outputSize])),
  );
  const bias = tf.tidy(() => tf.variable(tf.tensor1d(randomArray(outputSize, seed + 1, bound))));
  let kept: tf.Tensor2D | undefined;
  return {
    params: { 'dense/kernel': kernel, 'dense/bias': bias },
    forward(x: tf.Tensor, options: ForwardOptions = {}) {
      if (options.keep) kept = x as tf.Tensor2D;
      return tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias);
    },
    backward(dOutput: tf.Tensor) {
      const x = kept!;
      kept = undefined;
      return {
        'dense/kernel': tf.matMul(tf.transpose(x), dOutput as tf.Tensor2D),
        'dense/bias': tf.sum(dOutput, 0),
      };
    },
    dispose() {
      kernel.dispose();
      bias.dispose();
    },
  };
}
