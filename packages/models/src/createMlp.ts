import { initWeights } from './internal/initWeights';
import { MlpModel } from './internal/MlpModel';
import { resolveOptions } from './internal/resolveOptions';
import type { Mlp, MlpOptions } from './types';

/**
 * Creates a multi-layer perceptron: `Dense → activation [→ Dropout]` for every hidden size, then a Dense
 * layer producing logits. Weights come from a seeded JS PRNG, so a seed gives the same model on every backend.
 *
 * @example
 * ```ts
 * const model = createMlp({ hiddenSizes: [128, 128], dropout: 0.2, seed: 42 });
 * model.paramCount; // 118282
 * ```
 * @throws ModelError `INVALID_OPTIONS` listing every bad option.
 */
export function createMlp(options: MlpOptions = {}): Mlp {
  const config = resolveOptions(options);
  return new MlpModel(config, initWeights({ ...config, seed: config.seed! }));
}
