/** Names and attributes of mnist-kit's fused kernels: the leaf module every backend's kernel file imports. */
import type { AdamStepScalars } from '../adamScalars';

export const ADAM_KERNEL = 'MnistKitAdamUpdate';
export const SOFTMAX_CE_KERNEL = 'MnistKitSoftmaxCrossEntropy';

/** Attributes of the fused Adam kernel: one step's scalars (see `adamScalars.ts`). */
export type AdamKernelAttrs = AdamStepScalars;

/** Attributes of the fused softmax cross-entropy kernel. */
export interface SoftmaxCeKernelAttrs {
  /** Label smoothing ε: targets `(1 − ε)·onehot + ε/C`. */
  smoothing: number;
}
