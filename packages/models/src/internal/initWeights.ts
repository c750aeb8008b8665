import type { MlpConfig } from '../types';
import { createRandom, fillUniform } from './prng';

/** Host-side weights of one Dense layer: kernel `[fanIn, fanOut]` row-major, bias `[fanOut]`. */
export interface DenseWeights {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** Layer sizes `[inputSize, ...hiddenSizes, outputSize]`. */
export function layerSizes(config: Pick<MlpConfig, 'inputSize' | 'hiddenSizes' | 'outputSize'>): number[] {
  return [config.inputSize, ...config.hiddenSizes, config.outputSize];
}

/**
 * Draws the initial weights from one seeded stream, in the order dense_1 kernel, dense_1 bias, dense_2 kernel, …
 */
export function initWeights(config: MlpConfig & { seed: number }): DenseWeights[] {
  const random = createRandom(config.seed);
  const sizes = layerSizes(config);
  const layers: DenseWeights[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    const fanOut = sizes[i + 1]!;
    const kernel = new Float32Array(fanIn * fanOut);
    const bias = new Float32Array(fanOut);
    if (config.init === 'pytorch') {
      const bound = 1 / Math.sqrt(fanIn);
      fillUniform(kernel, -bound, bound, random);
      fillUniform(bias, -bound, bound, random);
    } else {
      const bound = config.init === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      fillUniform(kernel, -bound, bound, random);
    }
    layers.push({ fanIn, fanOut, kernel, bias });
  }
  return layers;
}
