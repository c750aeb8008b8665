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

/** A layer of a topology: `config` then its `name`, `trainable: true` and `extra` (e.g. the first layer's input shape). */
export function kerasLayer(
  className: string,
  name: string,
  config: { [key: string]: Json },
  extra: { [key: string]: Json } = {},
): Json {
  return { class_name: className, config: { ...config, name, trainable: true, ...extra } };
}

/** A Dense layer of `units` (fed `fanIn` inputs, which its bias initialiser records) with `activation`. */
export function denseLayer(
  name: string,
  units: number,
  activation: string,
  init: Init,
  fanIn: number,
  extra?: { [key: string]: Json },
): Json {
  const config = {
    units,
    activation,
    use_bias: true,
    kernel_initializer: kernelInitializer(init),
    bias_initializer: biasInitializer(init, fanIn),
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  };
  return kerasLayer('Dense', name, config, extra);
}

/** A Dropout layer of `rate`. */
export function dropoutLayer(name: string, rate: number): Json {
  return kerasLayer('Dropout', name, { rate, noise_shape: null, seed: null });
}

/** The `Sequential` topology named `name` of `layers`, as tfjs-layers 4.x writes it. */
export function sequentialTopology(name: string, layers: Json[]): { [key: string]: Json } {
  return {
    class_name: 'Sequential',
    config: { name, layers },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
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
    const input: { [key: string]: Json } =
      i === 0 ? { batch_input_shape: [null, config.inputSize], dtype: 'float32' } : {};
    const activation = hidden ? config.activation : 'softmax';
    layers.push(denseLayer(`dense_${i + 1}`, sizes[i + 1]!, activation, config.init, sizes[i]!, input));
    if (hidden && config.dropout > 0) layers.push(dropoutLayer(`dropout_${i + 1}`, config.dropout));
  }
  return sequentialTopology('mnist_kit_mlp', layers);
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
