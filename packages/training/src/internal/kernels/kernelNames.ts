/** Names and attributes of mnist-kit's fused kernels: the leaf module every backend's kernel file imports. */

export const ADAM_KERNEL = 'MnistKitAdamUpdate';
export const SOFTMAX_CE_KERNEL = 'MnistKitSoftmaxCrossEntropy';

/** Attributes of the fused Adam kernel (see `adam.ts` for the scaled-moment formulation). */
export interface AdamKernelAttrs {
  /** β1, β2 of the scaled moments `M ← β1·M + g`, `V ← β2·V + g²`. */
  beta1: number;
  beta2: number;
  /** The step factor `K` in `p ← p·decay − K·M/(sqrt(V) + eps)`. */
  k: number;
  eps: number;
  /** L2 weight decay added to the gradient (`g + l2·p`); 0 for none. */
  l2: number;
  /** Decoupled (AdamW) shrink factor `1 − lr·wd`; 1 for none. */
  decay: number;
}

/** Attributes of the fused softmax cross-entropy kernel. */
export interface SoftmaxCeKernelAttrs {
  /** Label smoothing ε: targets `(1 − ε)·onehot + ε/C`. */
  smoothing: number;
}
