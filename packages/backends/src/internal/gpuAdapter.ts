import type { BackendDevice } from '../types';

/** The parts of a WebGPU adapter this package reads (a structural subset of `GPUAdapter`). */
export interface AdapterLike {
  readonly info?: {
    readonly vendor?: string;
    readonly architecture?: string;
    readonly device?: string;
    readonly description?: string;
    readonly isFallbackAdapter?: boolean;
  };
  /** Older spelling of `info.isFallbackAdapter`. */
  readonly isFallbackAdapter?: boolean;
}

/** Names of software GPU implementations (renderer strings, adapter vendors/architectures/descriptions). */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|microsoft basic|mesa offscreen/i;

/** Whether a renderer or adapter string names a software implementation. */
export function isSoftwareName(text: string | undefined): boolean {
  return text !== undefined && SOFTWARE.test(text);
}

/** What a WebGPU adapter is, with `software` set for fallback adapters and known software renderers. */
export function adapterDevice(adapter: AdapterLike): BackendDevice {
  const info = adapter.info ?? {};
  const read = (key: 'vendor' | 'architecture' | 'device' | 'description') => {
    const value = info[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const device: BackendDevice = { kind: 'gpu' };
  for (const key of ['vendor', 'architecture', 'device', 'description'] as const) {
    const value = read(key);
    if (value !== undefined) device[key] = value;
  }
  const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  device.software = fallback || [device.vendor, device.architecture, device.description].some(isSoftwareName);
  return device;
}
