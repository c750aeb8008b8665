/** Adam's hyper-parameters as `adam` resolves them. */
export interface AdamHyperParameters {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  decoupled: boolean;
}

/** The scalars of one Adam step in the scaled-moment form (see `adam.ts`). */
export interface AdamStepScalars {
  beta1: number;
  beta2: number;
  /** `K` in `p ← p·decay − K·M/(sqrt(V) + eps)`. */
  k: number;
  eps: number;
  /** L2 weight decay added to the gradient (0 for none or for AdamW). */
  l2: number;
  /** AdamW's shrink factor `1 − lr·wd` (1 for none). */
  decay: number;
}

/**
 * The scalars of Adam step `t` (from 1) at learning rate `lr`: with `c2 = sqrt((1 − β2)/(1 − β2ᵗ))`,
 * `denom = sqrt(v)/sqrt(1 − β2ᵗ) + ε = c2·(sqrt(V) + ε/c2)` and
 * `lr/(1 − β1ᵗ)·m/denom = K·M/(sqrt(V) + ε/c2)` with `K = lr·(1 − β1)/((1 − β1ᵗ)·c2)`.
 * One definition for every path (ops, fused kernels, the engine), so they cannot drift apart.
 */
export function adamStepScalars(config: AdamHyperParameters, t: number, lr: number): AdamStepScalars {
  const { beta1, beta2, epsilon, weightDecay, decoupled } = config;
  const c2 = Math.sqrt((1 - beta2) / (1 - beta2 ** t));
  return {
    beta1,
    beta2,
    k: (lr * (1 - beta1)) / ((1 - beta1 ** t) * c2),
    eps: epsilon / c2,
    l2: decoupled ? 0 : weightDecay,
    decay: decoupled && weightDecay > 0 ? 1 - lr * weightDecay : 1,
  };
}
