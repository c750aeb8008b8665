import type { AdapterLike } from '../internal/gpuAdapter';

interface GpuLike {
  requestAdapter(options?: unknown): Promise<(AdapterLike & { requestDevice(d?: unknown): Promise<unknown> }) | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

let installed: GpuLike | undefined;

/**
 * Gives Node a `navigator.gpu` from Dawn (the `webgpu` npm package, binaries inside the package), as
 * @tensorflow/tfjs-backend-webgpu expects: it registers itself at import time only if `navigator.gpu`
 * exists, so call this before importing it. Idempotent.
 *
 * Dawn's WebIDL binding is strict where browsers are lenient: tfjs-backend-webgpu 4.22 asks for the
 * feature `['bgra8unorm-storage']` (an array) on adapters that have it, which a browser stringifies and
 * Dawn rejects; `requestDevice` is wrapped to flatten such entries.
 */
export function installDawnWebgpu(dawn: DawnModule): GpuLike {
  if (installed !== undefined) return installed;
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in g)) g[name] = value;
  const gpu = dawn.create([]);
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  const overrides: GpuLike = {
    async requestAdapter(options) {
      const adapter = await requestAdapter(options);
      if (adapter === null) return null;
      const requestDevice = adapter.requestDevice.bind(adapter);
      Object.defineProperty(adapter, 'requestDevice', {
        configurable: true,
        value: (descriptor?: { requiredFeatures?: unknown[] }) =>
          requestDevice(
            descriptor?.requiredFeatures === undefined
              ? descriptor
              : { ...descriptor, requiredFeatures: descriptor.requiredFeatures.flat() },
          ),
      });
      return adapter;
    },
  };
  // Everything else (getPreferredCanvasFormat, wgslLanguageFeatures) from Dawn's own object.
  const wrapped = new Proxy(gpu as object, {
    get(target, key) {
      if (key === 'requestAdapter') return overrides.requestAdapter;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as GpuLike;
  if (g.navigator === undefined) g.navigator = {};
  Object.defineProperty(g.navigator as object, 'gpu', { configurable: true, value: wrapped });
  installed = wrapped;
  return wrapped;
}
