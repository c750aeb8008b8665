import type { CnnConfig } from '../types';
import { cnnLayout } from './cnnLayout';
import { biasInitializer, type Json, KERAS_VERSION, kernelInitializer } from './kerasTopology';

/**
 * Keras-style `Sequential` topology of a CNN, as tfjs-layers `model.toJSON()` writes it: a `Reshape` from the
 * flat input (`[null, h·w·c]`, what the model and the datasets' batches use) to `[h, w, c]`; per conv block
 * `Conv2D` `conv2d_i` (ReLU, stride 1), `MaxPooling2D` `max_pooling2d_i` (when `poolSize > 1`) and, when
 * `convDropout > 0`, `Dropout` `dropout_conv_i`; `Flatten` `flatten`; then the Dense layers `dense_i` (ReLU,
 * `Dropout` `dropout_i` after each hidden one when `dropout > 0`), the last with `softmax` so stock `predict`
 * gives probabilities.
 */
export function buildCnnTopology(config: CnnConfig): { [key: string]: Json } {
  const layout = cnnLayout(config);
  const [height, width, channels] = config.inputShape;
  const layers: Json[] = [
    {
      class_name: 'Reshape',
      config: {
        target_shape: [height, width, channels],
        name: 'reshape',
        trainable: true,
        batch_input_shape: [null, config.inputSize],
        dtype: 'float32',
      },
    },
  ];
  layout.blocks.forEach((b, i) => {
    layers.push({
      class_name: 'Conv2D',
      config: {
        filters: b.filters,
        kernel_initializer: kernelInitializer(config.init),
        kernel_regularizer: null,
        kernel_constraint: null,
        kernel_size: [b.kernelSize, b.kernelSize],
        strides: [1, 1],
        padding: config.padding,
        data_format: 'channels_last',
        dilation_rate: [1, 1],
        activation: 'relu',
        use_bias: true,
        bias_initializer: biasInitializer(config.init, b.kernelSize * b.kernelSize * b.inChannels),
        bias_regularizer: null,
        activity_regularizer: null,
        bias_constraint: null,
        name: `conv2d_${i + 1}`,
        trainable: true,
      },
    });
    if (config.poolSize > 1) {
      layers.push({
        class_name: 'MaxPooling2D',
        config: {
          pool_size: [config.poolSize, config.poolSize],
          padding: 'valid',
          strides: [config.poolSize, config.poolSize],
          data_format: 'channels_last',
          name: `max_pooling2d_${i + 1}`,
          trainable: true,
        },
      });
    }
    if (config.convDropout > 0) {
      layers.push({
        class_name: 'Dropout',
        config: {
          rate: config.convDropout,
          noise_shape: null,
          seed: null,
          name: `dropout_conv_${i + 1}`,
          trainable: true,
        },
      });
    }
  });
  layers.push({ class_name: 'Flatten', config: { data_format: 'channels_last', name: 'flatten', trainable: true } });
  const last = layout.dense.length - 1;
  layout.dense.forEach(([fanIn, fanOut], i) => {
    const hidden = i < last;
    layers.push({
      class_name: 'Dense',
      config: {
        units: fanOut,
        activation: hidden ? 'relu' : 'softmax',
        use_bias: true,
        kernel_initializer: kernelInitializer(config.init),
        bias_initializer: biasInitializer(config.init, fanIn),
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        name: `dense_${i + 1}`,
        trainable: true,
      },
    });
    if (hidden && config.dropout > 0) {
      layers.push({
        class_name: 'Dropout',
        config: { rate: config.dropout, noise_shape: null, seed: null, name: `dropout_${i + 1}`, trainable: true },
      });
    }
  });
  return {
    class_name: 'Sequential',
    config: { name: 'mnist_kit_cnn', layers },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
}
