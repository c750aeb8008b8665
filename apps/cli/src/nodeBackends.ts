import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Backend names the CLI accepts for `--backend`, in `auto`'s order of preference. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type NodeBackendName = (typeof BACKEND_NAMES)[number];

const require = createRequire(import.meta.url);

/** The folder holding tfjs-backend-wasm's `.wasm` files, so Node loads them from disk (no network). */
export function wasmDir(): string {
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/**
 * The Node candidates for `selectBackend`, best first: tfjs-node-gpu, tfjs-node, wasm, cpu.
 * Each is loaded by dynamic `import()` only when tried, so a missing optional package costs nothing.
 */
export function nodeBackendCandidates() {
  return [
    {
      name: 'tensorflow-gpu',
      backend: 'tensorflow',
      packageName: '@tensorflow/tfjs-node-gpu',
      load: () => import('@tensorflow/tfjs-node-gpu' as string),
      describe: describeTensorflow,
    },
    {
      name: 'tensorflow',
      backend: 'tensorflow',
      packageName: '@tensorflow/tfjs-node',
      load: () => import('@tensorflow/tfjs-node' as string),
      describe: describeTensorflow,
    },
    {
      name: 'wasm',
      backend: 'wasm',
      packageName: '@tensorflow/tfjs-backend-wasm',
      load: async () => {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(wasmDir());
      },
      describe: () => 'WebAssembly (single-threaded in Node), SIMD when the CPU has it',
    },
    {
      name: 'cpu',
      backend: 'cpu',
      packageName: '@tensorflow/tfjs-backend-cpu',
      load: () => import('@tensorflow/tfjs-backend-cpu'),
      describe: () => 'plain JavaScript',
    },
  ];
}

/** What libtensorflow runs on, as far as tfjs can tell (tfjs-node-gpu falls back to CPU without CUDA/cuDNN). */
function describeTensorflow(): string {
  const backend = tf.backend() as unknown as {
    isUsingGpuDevice?: boolean;
    binding?: { isUsingGpuDevice?: () => boolean };
  };
  const gpu = backend.isUsingGpuDevice ?? backend.binding?.isUsingGpuDevice?.();
  if (gpu === true) return 'libtensorflow on a CUDA GPU';
  if (gpu === false) return 'libtensorflow on the CPU (no usable CUDA GPU found)';
  return 'libtensorflow (device unknown)';
}
