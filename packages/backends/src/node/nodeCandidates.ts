import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { adapterDevice } from '../internal/gpuAdapter';
import type { BackendCandidate, BackendDevice } from '../types';
import { installDawnWebgpu } from './dawnWebgpu';
import { missingVulkanDriver } from './vulkanDrivers';

/** Backend names for Node, in `'auto'`'s order of preference. */
export const NODE_BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** A Node backend name. */
export type NodeBackendName = (typeof NODE_BACKEND_NAMES)[number];

const require = createRequire(import.meta.url);

/** The folder holding tfjs-backend-wasm's `.wasm` files, so Node loads them from disk (no network). */
export function wasmDir(): string {
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/** The adapter tfjs-backend-webgpu will ask for (it requests `high-performance`). */
async function requestWebgpuAdapter() {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: unknown): Promise<unknown> } } }).navigator
    ?.gpu;
  return (await gpu?.requestAdapter({ powerPreference: 'high-performance' })) as
    | Parameters<typeof adapterDevice>[0]
    | null;
}

let webgpuDevice: BackendDevice | undefined;

/**
 * The Node candidates for `selectBackend`, best first: tfjs-node-gpu (CUDA 11.2 / cuDNN 8.1), WebGPU
 * through Dawn (any GPU with a Vulkan, Metal or D3D12 driver; `auto` passes over a software adapter such
 * as SwiftShader, which is slower than wasm), tfjs-node, wasm, cpu. Each package is imported only when its
 * candidate is tried, so a missing optional package costs nothing.
 */
export function nodeCandidates(): BackendCandidate[] {
  return [
    {
      name: 'tensorflow-gpu',
      backend: 'tensorflow',
      packageName: '@tensorflow/tfjs-node-gpu',
      load: () => import('@tensorflow/tfjs-node-gpu' as string),
      inspect: inspectTensorflow,
    },
    {
      name: 'webgpu',
      backend: 'webgpu',
      packageName: ['webgpu', '@tensorflow/tfjs-backend-webgpu'],
      load: async () => {
        const noDriver = missingVulkanDriver();
        if (noDriver !== undefined) throw new Error(noDriver);
        installDawnWebgpu((await import('webgpu' as string)) as Parameters<typeof installDawnWebgpu>[0]);
        await import('@tensorflow/tfjs-backend-webgpu');
        const adapter = await requestWebgpuAdapter();
        if (adapter === null || adapter === undefined) {
          throw new Error('no WebGPU adapter (Dawn found no Vulkan/Metal/D3D12 GPU driver)');
        }
        webgpuDevice = adapterDevice(adapter);
      },
      autoSkip: () =>
        webgpuDevice?.software
          ? `software adapter (${[webgpuDevice.vendor, webgpuDevice.architecture].filter(Boolean).join(' ')}), slower than wasm`
          : undefined,
      inspect: () => webgpuDevice,
      release: () => {
        const backend = tf.engine().registry.webgpu as { device?: { destroy(): void } } | undefined;
        backend?.device?.destroy();
      },
    },
    {
      name: 'tensorflow',
      backend: 'tensorflow',
      packageName: '@tensorflow/tfjs-node',
      load: () => import('@tensorflow/tfjs-node' as string),
      inspect: inspectTensorflow,
    },
    {
      name: 'wasm',
      backend: 'wasm',
      packageName: '@tensorflow/tfjs-backend-wasm',
      load: async () => {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(wasmDir());
      },
      inspect: async () => {
        const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        return {
          kind: 'cpu',
          description: `WebAssembly${simd ? ' SIMD' : ''} (tfjs-backend-wasm runs one thread in Node)`,
          threads: getThreadsCount(),
        };
      },
    },
    {
      name: 'cpu',
      backend: 'cpu',
      packageName: '@tensorflow/tfjs-backend-cpu',
      load: () => import('@tensorflow/tfjs-backend-cpu'),
      inspect: () => ({ kind: 'cpu', description: 'plain JavaScript', threads: 1 }),
    },
  ];
}

/** What libtensorflow runs on, as far as tfjs can tell (tfjs-node-gpu falls back to the CPU without CUDA/cuDNN). */
function inspectTensorflow(): BackendDevice {
  const backend = tf.backend() as unknown as {
    isUsingGpuDevice?: boolean;
    binding?: { isUsingGpuDevice?: () => boolean };
  };
  const gpu = backend.isUsingGpuDevice ?? backend.binding?.isUsingGpuDevice?.();
  if (gpu === true) return { kind: 'gpu', description: 'libtensorflow on a CUDA GPU', cuda: true };
  if (gpu === false)
    return { kind: 'cpu', description: 'libtensorflow on the CPU (no usable CUDA GPU found)', cuda: false };
  return { kind: 'cpu', description: 'libtensorflow (device unknown)' };
}
