import { maxAbsDiff } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { createMlp } from '../createMlp';
import { ModelError } from '../ModelError';
import type { Activation } from '../types';

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu'];

function inputs(rows: number, cols: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([rows, cols], 0, 1, 'float32', seed) as tf.Tensor2D;
}

/** The hidden activation with plain ops, independent of the model's code. */
function act(z: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.maximum(z, 0);
  if (activation === 'tanh') return tf.tanh(z);
  if (activation === 'sigmoid') return tf.div(1, tf.add(1, tf.exp(tf.neg(z))));
  return tf.mul(z, tf.mul(0.5, tf.add(1, tf.erf(tf.div(z, Math.SQRT2)))));
}

describeBackends(['cpu', 'wasm'], () => {
  for (const activation of ACTIVATIONS) {
    it(`traces every layer (${activation}): x·W + b, the activation, the logits forward gives, predict's probabilities`, () => {
      const model = createMlp({ inputSize: 12, hiddenSizes: [7, 5], outputSize: 4, activation, dropout: 0.5, seed: 3 });
      const before = tf.memory().numTensors;
      const x = inputs(3, 12, 1);
      const trace = model.trace(x);
      expect(trace.layers.map((l) => [l.name, l.kind, l.activation, l.output.shape])).toEqual([
        ['dense_1', 'dense', activation, [3, 7]],
        ['dense_2', 'dense', activation, [3, 5]],
        ['dense_3', 'dense', 'linear', [3, 4]],
      ]);
      tf.tidy(() => {
        let a: tf.Tensor = x;
        for (const [i, layer] of trace.layers.entries()) {
          const z = tf.add(tf.matMul(a, model.params[`${layer.name}/kernel`]!), model.params[`${layer.name}/bias`]!);
          expect(maxAbsDiff(layer.preActivation.dataSync(), z.dataSync()), layer.name).toBeLessThan(1e-5);
          a = i < 2 ? act(z, activation) : z;
          expect(maxAbsDiff(layer.output.dataSync(), a.dataSync()), layer.name).toBeLessThan(1e-5);
        }
        // Inference mode: no dropout, so the logits are forward's and the probabilities predict's.
        expect(maxAbsDiff(trace.logits.dataSync(), model.forward(x).dataSync())).toBeLessThan(1e-6);
        expect(maxAbsDiff(trace.probabilities.dataSync(), model.predict(x).dataSync())).toBeLessThan(1e-6);
      });
      expect(trace.logits).toBe(trace.layers[2]!.output);
      // Every tensor belongs to the caller: disposing the trace frees them all.
      tf.dispose([trace as unknown as tf.TensorContainer, x]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }

  it('a linear model (no hidden layer) traces one layer; wrong inputs and a disposed model throw ModelError', () => {
    const model = createMlp({ inputSize: 6, hiddenSizes: [], outputSize: 3, seed: 1 });
    const x = inputs(2, 6, 2);
    const trace = model.trace(x);
    expect(trace.layers).toHaveLength(1);
    expect(trace.layers[0]!.preActivation).toBe(trace.layers[0]!.output);
    tf.dispose(trace as unknown as tf.TensorContainer);
    const wrong = inputs(2, 5, 3);
    expect(() => model.trace(wrong)).toThrow(ModelError);
    expect(() => model.trace(wrong)).toThrow(/trace expects inputs of shape \[batch, 6\], got \[2, 5\]/);
    model.dispose();
    expect(() => model.trace(x)).toThrow(/disposed/);
    tf.dispose([x, wrong]);
  });
});
