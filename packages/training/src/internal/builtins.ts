import type { Loss, Optimizer } from '../types';

/**
 * The losses and optimizers this package made, with what the SIMD step engine needs to know of
 * them (a user's object with the same `name` is not trusted to follow the same formulas).
 */
const losses = new WeakMap<Loss, { kind: 'softmaxCrossEntropy'; smoothing: number }>();
const optimizers = new WeakMap<Optimizer, 'adam' | 'sgd'>();

/** Records a built-in loss. */
export function markBuiltinLoss<T extends Loss>(
  loss: T,
  description: { kind: 'softmaxCrossEntropy'; smoothing: number },
): T {
  losses.set(loss, description);
  return loss;
}

/** Records a built-in optimizer. */
export function markBuiltinOptimizer<T extends Optimizer>(optimizer: T, kind: 'adam' | 'sgd'): T {
  optimizers.set(optimizer, kind);
  return optimizer;
}

/** What a built-in loss is, or `undefined` for any other loss. */
export function builtinLoss(loss: Loss): { kind: 'softmaxCrossEntropy'; smoothing: number } | undefined {
  return losses.get(loss);
}

/** Which built-in optimizer this is, or `undefined` for any other. */
export function builtinOptimizer(optimizer: Optimizer): 'adam' | 'sgd' | undefined {
  return optimizers.get(optimizer);
}
