import type { CnnConfig, Init } from '../types';
import { cnnLayout } from './cnnLayout';
import type { DenseWeights } from './initWeights';
import { createRandom, fillUniform } from './prng';

/** Host-side weights of one Conv2D layer: kernel `[k, k, inChannels, filters]` row-major (tfjs' layout), bias `[filters]`. */
export interface ConvWeights {
  readonly kernelSize: number;
  readonly inChannels: number;
  readonly filters: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** A CNN's host-side weights, in layer order. */
export interface CnnWeights {
  readonly conv: readonly ConvWeights[];
  readonly dense: readonly DenseWeights[];
}

function fill(
  kernel: Float32Array,
  bias: Float32Array,
  init: Init,
  fanIn: number,
  fanOut: number,
  random: () => number,
) {
  if (init === 'pytorch') {
    // torch.nn.Conv2d / nn.Linear: kaiming_uniform(a=√5) on the weight is U(±1/√fan_in); the bias the same.
    const bound = 1 / Math.sqrt(fanIn);
    fillUniform(kernel, -bound, bound, random);
    fillUniform(bias, -bound, bound, random);
  } else {
    const bound = init === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    fillUniform(kernel, -bound, bound, random);
  }
}

/**
 * Draws the initial weights from one seeded stream, in the order conv2d_1 kernel, conv2d_1 bias, …, dense_1
 * kernel, dense_1 bias, …. A convolution's fan-in is `k² · inChannels`, its fan-out `k² · filters` (as Keras and
 * PyTorch count them).
 */
export function initCnnWeights(config: CnnConfig & { seed: number }): CnnWeights {
  const random = createRandom(config.seed);
  const layout = cnnLayout(config);
  const conv = layout.blocks.map((b) => {
    const area = b.kernelSize * b.kernelSize;
    const kernel = new Float32Array(area * b.inChannels * b.filters);
    const bias = new Float32Array(b.filters);
    fill(kernel, bias, config.init, area * b.inChannels, area * b.filters, random);
    return { kernelSize: b.kernelSize, inChannels: b.inChannels, filters: b.filters, kernel, bias };
  });
  const dense = layout.dense.map(([fanIn, fanOut]) => {
    const kernel = new Float32Array(fanIn * fanOut);
    const bias = new Float32Array(fanOut);
    fill(kernel, bias, config.init, fanIn, fanOut, random);
    return { fanIn, fanOut, kernel, bias };
  });
  return { conv, dense };
}
