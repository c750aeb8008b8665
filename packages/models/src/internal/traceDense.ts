import * as tf from '@tensorflow/tfjs-core';
import type { Activation, LayerTrace, ModelTrace } from '../types';

/** One dense layer as `traceDense` reads it. */
export interface TracedDenseLayer {
  readonly name: string;
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/**
 * The trace of a stack of dense layers (`Mlp.trace`): each layer's `x·W + b` and its activation (the hidden
 * `activation`; none after the last layer), in inference mode, then the softmax. Plain ops, no kept state.
 */
export function traceDense(layers: readonly TracedDenseLayer[], activation: Activation, x: tf.Tensor2D): ModelTrace {
  return tf.tidy(() => {
    const traced: LayerTrace[] = [];
    let a: tf.Tensor2D = x;
    const last = layers.length - 1;
    for (const [i, layer] of layers.entries()) {
      const z = tf.fused.matMul({ a, b: layer.kernel, bias: layer.bias }) as tf.Tensor2D;
      const hidden = i < last;
      const output = hidden ? activate(z, activation) : z;
      traced.push({
        name: layer.name,
        kind: 'dense',
        activation: hidden ? activation : 'linear',
        preActivation: z,
        output,
      });
      a = output;
    }
    return { layers: traced, logits: a, probabilities: tf.softmax(a) } as unknown as tf.TensorContainer;
  }) as unknown as ModelTrace;
}

function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'gelu':
      // Exact gelu, z · Φ(z), as in forward.
      return tf.mul(z, tf.add(tf.mul(tf.erf(tf.mul(z, Math.SQRT1_2)), 0.5), 0.5));
  }
}
