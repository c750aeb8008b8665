import type { BackendCandidate } from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from './urlParams';

/** Options of {@link browserCandidates}. */
export interface BrowserCandidatesOptions {
  /** Folder URL of tfjs-backend-wasm's `.wasm` files. Defaults to `'/wasm/'`. */
  wasmPath?: string;
}

/** Minimal typing of the WebGPU entry point (not in TypeScript's DOM lib). */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<unknown>;
}

/** The fields of a `GPUAdapter` the page reads. */
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
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

/**
 * The backends a browser can run, best first (webgpu → webgl → wasm → cpu), for `selectBackend`.
 * Each `load` checks the platform first, so a failure says why (no `navigator.gpu`, no adapter,
 * no WebGL context) rather than just "failed to initialise".
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
        await import('@tensorflow/tfjs-backend-webgpu');
      },
      describe: async () => {
        const adapter = await webgpuAdapter();
        if (typeof adapter === 'string' || adapter.info === undefined) return '';
        const { vendor, architecture, description } = adapter.info;
        return [vendor, architecture, description].filter(Boolean).join(' ');
      },
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
      describe: () => `WebGL ${tf.env().getNumber('WEBGL_VERSION')}${webglRenderer()}`,
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
      describe: async () => {
        const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
        const count = threads ? getThreadsCount() : 1;
        const build = threads && simd ? 'threaded SIMD' : simd ? 'SIMD, not threaded' : 'plain';
        return `${build} build, ${count} thread${count === 1 ? '' : 's'}`;
      },
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

/** What the page knows about the platform, whatever the active backend. */
export interface PlatformInfo {
  crossOriginIsolated: boolean;
  /** Logical cores the browser reports. */
  hardwareConcurrency: number;
  /** Why each backend cannot run here, checked without initialising it; absent when it may. */
  unavailable: Partial<Record<Exclude<BackendChoice, 'auto'>, string>>;
}

/** Cheap platform checks (no backend is initialised), to explain backends that were not tried. */
export async function probePlatform(): Promise<PlatformInfo> {
  const unavailable: PlatformInfo['unavailable'] = {};
  const adapter = await webgpuAdapter();
  if (typeof adapter === 'string') unavailable.webgpu = adapter;
  const webgl = webglProblem();
  if (webgl !== undefined) unavailable.webgl = webgl;
  if (typeof WebAssembly !== 'object') unavailable.wasm = 'WebAssembly is not available';
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
    unavailable,
  };
}

/** The wasm backend runs one thread unless the page is cross-origin isolated: say so. */
export function wasmThreadsNote(isolated: boolean): string | undefined {
  return isolated
    ? undefined
    : 'wasm runs single-threaded: the page is not cross-origin isolated (needs COOP: same-origin and COEP: require-corp)';
}

async function webgpuAdapter(): Promise<AdapterLike | string> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu === undefined) {
    return globalThis.isSecureContext === false
      ? 'WebGPU needs a secure context (https or localhost)'
      : 'this browser has no WebGPU (navigator.gpu is missing)';
  }
  try {
    const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as AdapterLike | null;
    return adapter ?? 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null: GPU blocklisted or disabled)';
  } catch (error) {
    return `WebGPU adapter request failed: ${(error as Error).message}`;
  }
}

function webglProblem(): string | undefined {
  if (typeof document === 'undefined') return 'no DOM (WebGL needs a canvas)';
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (gl === null) return 'no WebGL context (WebGL disabled or no GPU/SwiftShader)';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return undefined;
}

function webglRenderer(): string {
  if (typeof document === 'undefined') return '';
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return '';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = ext === null ? '' : String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer === '' ? '' : `, ${renderer}`;
}
