import type { CnnConfig } from '../types';
import { cnnLayout } from './cnnLayout';
import {
  biasInitializer,
  denseLayer,
  dropoutLayer,
  type Json,
  kerasLayer,
  kernelInitializer,
  sequentialTopology,
} from './kerasTopology';

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
  const input = { batch_input_shape: [null, config.inputSize], dtype: 'float32' };
  const layers: Json[] = [kerasLayer('Reshape', 'reshape', { target_shape: [height, width, channels] }, input)];
  layout.blocks.forEach((b, i) => {
    layers.push(
      kerasLayer('Conv2D', `conv2d_${i + 1}`, {
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
      }),
    );
    if (config.poolSize > 1) {
      const p = config.poolSize;
      const pooling = { pool_size: [p, p], padding: 'valid', strides: [p, p], data_format: 'channels_last' };
      layers.push(kerasLayer('MaxPooling2D', `max_pooling2d_${i + 1}`, pooling));
    }
    if (config.convDropout > 0) layers.push(dropoutLayer(`dropout_conv_${i + 1}`, config.convDropout));
  });
  layers.push(kerasLayer('Flatten', 'flatten', { data_format: 'channels_last' }));
  const last = layout.dense.length - 1;
  layout.dense.forEach(([fanIn, fanOut], i) => {
    const hidden = i < last;
    layers.push(denseLayer(`dense_${i + 1}`, fanOut, hidden ? 'relu' : 'softmax', config.init, fanIn));
    if (hidden && config.dropout > 0) layers.push(dropoutLayer(`dropout_${i + 1}`, config.dropout));
  });
  return sequentialTopology('mnist_kit_cnn', layers);
}
