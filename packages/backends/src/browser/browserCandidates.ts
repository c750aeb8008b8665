import * as tf from '@tensorflow/tfjs-core';
import { adapterDevice, isSoftwareName } from '../internal/gpuAdapter';
import type { BackendCandidate, BackendDevice } from '../types';
import { webglProblem, webglRenderer, webgpuAdapter } from './probeBrowser';

/** Options of {@link browserCandidates}. */
export interface BrowserCandidatesOptions {
  /** Folder URL of tfjs-backend-wasm's `.wasm` files. Defaults to `'/wasm/'`. */
  wasmPath?: string;
}

let wasmConfigured = false;

/**
 * Threads for tfjs-backend-wasm's threaded build: every logical core the browser reports when the page is
 * cross-origin isolated (tfjs' own default is half of them, so 1 thread on a 2-core machine), else 1 (the
 * threaded build needs `SharedArrayBuffer`, so the backend runs its single-threaded build anyway).
 */
export function wasmThreadCount(platform: { crossOriginIsolated: boolean; hardwareConcurrency: number }): number {
  const cores = Math.floor(platform.hardwareConcurrency);
  return platform.crossOriginIsolated && Number.isFinite(cores) && cores > 1 ? cores : 1;
}

/**
 * Runs `init` while `navigator.hardwareConcurrency` reads `cores` (an own property shadowing the
 * prototype's getter), then removes the override, whatever `init` did.
 */
async function withReportedCores<T>(cores: number, init: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as object | undefined;
  if (nav === undefined || Object.hasOwn(nav, 'hardwareConcurrency')) return init();
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores });
  } catch {
    return init();
  }
  try {
    return await init();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

let webgpuDevice: BackendDevice | undefined;

/**
 * The backends a browser can run, best first — webgpu → webgl → wasm → cpu — for `selectBackend`.
 * `'auto'` passes over a software GPU (WebGPU's fallback adapter, or SwiftShader/llvmpipe behind WebGL:
 * what a browser gets when its GPU is blocklisted, common on Linux and in VMs), which trains slower than
 * wasm; naming it still selects it. Each `load` checks the platform first, so a failure says why (no
 * `navigator.gpu`, no adapter, no WebGL context) rather than just "failed to initialise".
 */
export function browserCandidates(options: BrowserCandidatesOptions = {}): BackendCandidate[] {
  const wasmPath = options.wasmPath ?? '/wasm/';
  return [
    {
      name: 'webgpu',
      backend: 'webgpu',
      packageName: '@tensorflow/tfjs-backend-webgpu',
      load: async () => {
        const adapter = await webgpuAdapter();
        if (typeof adapter === 'string') throw new Error(adapter);
        webgpuDevice = adapterDevice(adapter);
        await import('@tensorflow/tfjs-backend-webgpu');
      },
      autoSkip: () =>
        webgpuDevice?.software
          ? `software adapter (${[webgpuDevice.vendor, webgpuDevice.architecture].filter(Boolean).join(' ') || 'fallback'}), slower than wasm`
          : undefined,
      inspect: () => webgpuDevice,
    },
    {
      name: 'webgl',
      backend: 'webgl',
      packageName: '@tensorflow/tfjs-backend-webgl',
      load: async () => {
        const problem = webglProblem();
        if (problem !== undefined) throw new Error(problem);
        await import('@tensorflow/tfjs-backend-webgl');
      },
      autoSkip: () => {
        const renderer = webglRenderer();
        return isSoftwareName(renderer) ? `software renderer (${renderer}), slower than wasm` : undefined;
      },
      inspect: () => {
        const renderer = webglRenderer();
        return {
          kind: 'gpu',
          description: `WebGL ${tf.env().getNumber('WEBGL_VERSION')}${renderer ? `, ${renderer}` : ''}`,
          software: isSoftwareName(renderer),
        };
      },
    },
    {
      name: 'wasm',
      backend: 'wasm',
      packageName: '@tensorflow/tfjs-backend-wasm',
      load: async () => {
        if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        if (wasmConfigured) return;
        // Both must be set before the backend initialises.
        wasm.setWasmPaths(wasmPath);
        const threads = wasmThreadCount({
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
          hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
        });
        wasmConfigured = true;
        if (threads <= 1) return;
        wasm.setThreadsCount(threads);
        // tfjs-backend-wasm 4.x caps its thread pool at half the logical cores its module sees when it
        // instantiates (`min(setThreadsCount, 8, hardwareConcurrency / 2)` in its C++ init), so on a 2-core
        // machine setThreadsCount(2) alone still gives 1 thread. Initialise it here (selectBackend's own
        // setBackend then finds it ready) with the cores reported twice over for the length of the init.
        await withReportedCores(2 * threads, () => tf.setBackend('wasm'));
      },
      inspect: async () => {
        const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
        const build = threaded && simd ? 'threaded SIMD' : simd ? 'SIMD, not threaded' : 'plain';
        return { kind: 'cpu', description: `${build} build`, threads: threaded ? getThreadsCount() : 1 };
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
