import type { AdapterLike } from '../internal/gpuAdapter';
import type { BrowserBackendName } from './browserBackendNames';

/** Minimal typing of the WebGPU entry point (not in TypeScript's DOM lib). */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<unknown>;
}

/** What a page knows about the platform, whatever the active backend. */
export interface BrowserPlatform {
  crossOriginIsolated: boolean;
  /** Logical cores the browser reports. */
  hardwareConcurrency: number;
  /** Why each backend cannot run here, checked without initialising it; absent when it may. */
  unavailable: Partial<Record<BrowserBackendName, string>>;
}

/** Cheap platform checks (no backend is initialised), to explain backends that were not tried. */
export async function probeBrowserPlatform(): Promise<BrowserPlatform> {
  const unavailable: BrowserPlatform['unavailable'] = {};
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

/** The adapter WebGPU gives (high-performance, as tfjs asks), or why there is none. */
export async function webgpuAdapter(): Promise<AdapterLike | string> {
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

/** Why WebGL cannot run here, or `undefined`. */
export function webglProblem(): string | undefined {
  if (typeof document === 'undefined') return 'no DOM (WebGL needs a canvas)';
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (gl === null) return 'no WebGL context (WebGL disabled or no GPU/SwiftShader)';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return undefined;
}

/** WebGL's unmasked renderer string (e.g. `ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))`), or `''`. */
export function webglRenderer(): string {
  if (typeof document === 'undefined') return '';
  const gl =
    document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (gl === null) return '';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = ext === null ? '' : String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}
