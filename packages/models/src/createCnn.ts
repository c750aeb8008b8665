import { CnnModel } from './internal/CnnModel';
import { initCnnWeights } from './internal/initCnnWeights';
import { resolveCnnOptions } from './internal/resolveCnnOptions';
import type { Cnn, CnnOptions } from './types';

/**
 * Creates a convolutional network in the shape of tfjs' MNIST example and LeNet: per entry of `filters` a
 * conv block `Conv2D (stride 1) → ReLU → MaxPool [→ Dropout]`, then `Flatten`, `Dense → ReLU [→ Dropout]` per
 * dense size, and a Dense layer producing logits. It takes the same flat `[batch, 784]` inputs as an MLP
 * (reshaped to NHWC inside), so batches, `fit`, `evaluate` and prediction work unchanged. Weights come from a
 * seeded JS PRNG, so a seed gives the same model on every backend.
 *
 * @example
 * ```ts
 * const model = createCnn({ filters: [8, 16], kernelSize: 5, denseSizes: [128], seed: 42 });
 * model.paramCount; // 37610
 * ```
 * @throws ModelError `INVALID_OPTIONS` listing every bad option.
 */
export function createCnn(options: CnnOptions = {}): Cnn {
  const config = resolveCnnOptions(options);
  return new CnnModel(config, initCnnWeights({ ...config, seed: config.seed! }));
}
