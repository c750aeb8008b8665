import type { Init, MlpConfig } from '../types';
import { layerSizes } from './initWeights';

/** `keras_version` written into saved topologies: the format is the one tfjs-layers 4.x reads and writes. */
export const KERAS_VERSION = 'tfjs-layers 4.22.0';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A kernel's initialiser as tfjs-layers records it (`fan_in`/`fan_avg` count a conv's kernel area too). */
export function kernelInitializer(init: Init): Json {
  const [scale, mode] = init === 'pytorch' ? [1 / 3, 'fan_in'] : init === 'he' ? [2, 'fan_in'] : [1, 'fan_avg'];
  return { class_name: 'VarianceScaling', config: { scale, mode, distribution: 'uniform', seed: null } };
}

/** A bias's initialiser as tfjs-layers records it. */
export function biasInitializer(init: Init, fanIn: number): Json {
  if (init !== 'pytorch') return { class_name: 'Zeros', config: {} };
  const bound = 1 / Math.sqrt(fanIn);
  return { class_name: 'RandomUniform', config: { minval: -bound, maxval: bound, seed: null } };
}

/**
 * Keras-style `Sequential` topology, as tfjs-layers `model.toJSON()` writes it: Dense layers `dense_1…` (the
 * last one with `softmax`, so stock `predict` gives probabilities) and, when `dropout > 0`, a Dropout layer
 * `dropout_i` after every hidden Dense.
 */
export function buildTopology(config: MlpConfig): { [key: string]: Json } {
  const sizes = layerSizes(config);
  const layers: Json[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const hidden = i + 2 < sizes.length;
    const dense: { [key: string]: Json } = {
      units: sizes[i + 1]!,
      activation: hidden ? config.activation : 'softmax',
      use_bias: true,
      kernel_initializer: kernelInitializer(config.init),
      bias_initializer: biasInitializer(config.init, sizes[i]!),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: `dense_${i + 1}`,
      trainable: true,
    };
    if (i === 0) {
      dense.batch_input_shape = [null, config.inputSize];
      dense.dtype = 'float32';
    }
    layers.push({ class_name: 'Dense', config: dense });
    if (hidden && config.dropout > 0) {
      layers.push({
        class_name: 'Dropout',
        config: { rate: config.dropout, noise_shape: null, seed: null, name: `dropout_${i + 1}`, trainable: true },
      });
    }
  }
  return {
    class_name: 'Sequential',
    config: { name: 'mnist_kit_mlp', layers },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
}

/**
 * Guesses our `init` from a Dense `kernel_initializer` (only informative: a loaded model already has its
 * weights). Unknown initialisers give `'glorot'`, tfjs-layers' and Keras' Dense default family.
 */
export function inferInit(initializer: unknown): Init {
  if (typeof initializer !== 'object' || initializer === null) return 'glorot';
  const { class_name: cls, config } = initializer as { class_name?: unknown; config?: Record<string, unknown> };
  if (cls === 'HeUniform' || cls === 'HeNormal') return 'he';
  if (cls === 'VarianceScaling' && config) {
    if (config.mode === 'fan_in' && typeof config.scale === 'number') {
      if (Math.abs(config.scale - 1 / 3) < 1e-9) return 'pytorch';
      if (config.scale === 2) return 'he';
    }
  }
  return 'glorot';
}
