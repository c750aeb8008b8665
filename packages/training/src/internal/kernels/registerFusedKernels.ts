import * as tf from '@tensorflow/tfjs-core';
import { hostAdamKernel, hostSoftmaxCeKernel } from './hostKernels';
import { ADAM_KERNEL, SOFTMAX_CE_KERNEL } from './kernelNames';
import { webglAdamKernel, webglSoftmaxCeKernel } from './webglKernels';
import { webgpuAdamKernel, webgpuSoftmaxCeKernel } from './webgpuKernels';

/** The fused kernels of each backend that has them (tfjs-node keeps the plain op path). */
const KERNELS: Record<string, Record<string, tf.KernelFunc>> = {
  cpu: { [ADAM_KERNEL]: hostAdamKernel, [SOFTMAX_CE_KERNEL]: hostSoftmaxCeKernel },
  wasm: { [ADAM_KERNEL]: hostAdamKernel, [SOFTMAX_CE_KERNEL]: hostSoftmaxCeKernel },
  webgl: { [ADAM_KERNEL]: webglAdamKernel, [SOFTMAX_CE_KERNEL]: webglSoftmaxCeKernel },
  webgpu: { [ADAM_KERNEL]: webgpuAdamKernel, [SOFTMAX_CE_KERNEL]: webgpuSoftmaxCeKernel },
};

let registered = false;
let enabled = true;

/** Turns the fused kernels off (or back on), e.g. to compare them with the op path in tests. */
export function setFusedKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Whether the active backend runs mnist-kit's fused kernels — registering them with tfjs' kernel
 * registry (`tf.registerKernel`, for every backend that has them) on the first call: the package's one
 * side effect on tfjs, made here and only when a fused kernel is about to be used.
 */
export function ensureFusedKernels(): boolean {
  if (!enabled) return false;
  const backend = tf.getBackend();
  if (KERNELS[backend] === undefined) return false;
  if (!registered) {
    registered = true;
    for (const [backendName, kernels] of Object.entries(KERNELS)) {
      for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
        // Idempotent across copies of this package.
        if (tf.getKernel(kernelName, backendName) === undefined)
          tf.registerKernel({ kernelName, backendName, kernelFunc });
      }
    }
  }
  return true;
}
