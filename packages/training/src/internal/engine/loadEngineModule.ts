import { ENGINE_WASM } from './engineWasm.generated';

/** Which engine build runs: relaxed SIMD (fused multiply-add) where the runtime has it. */
export type EngineIsa = 'relaxed-simd' | 'simd';

/** A compiled engine build. */
export interface EngineModule {
  module: WebAssembly.Module;
  isa: EngineIsa;
  /** Whether it imports a shared memory (needed for threads). */
  shared: boolean;
}

const compiled = new Map<string, Promise<EngineModule>>();

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether this runtime can compile the engine at all (WebAssembly with SIMD). */
export function engineSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decode(ENGINE_WASM.simd_private) as BufferSource);
}

/** Whether this runtime validates the relaxed-SIMD build (Node ≥ 22, Chromium ≥ 114, or the V8 flag). */
export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decode(ENGINE_WASM.relaxed_private) as BufferSource);
}

/**
 * Compiles (once per process and build) the engine: the relaxed-SIMD build when supported and
 * allowed, else plain SIMD; with a shared memory for threads, or a private one.
 */
export function loadEngineModule(options: { shared: boolean; relaxed?: boolean }): Promise<EngineModule> {
  const isa: EngineIsa = (options.relaxed ?? true) && relaxedSimdSupported() ? 'relaxed-simd' : 'simd';
  const key = `${isa === 'relaxed-simd' ? 'relaxed' : 'simd'}_${options.shared ? 'shared' : 'private'}` as const;
  let promise = compiled.get(key);
  if (promise === undefined) {
    promise = WebAssembly.compile(decode(ENGINE_WASM[key]) as BufferSource).then((module) => ({
      module,
      isa,
      shared: options.shared,
    }));
    compiled.set(key, promise);
  }
  return promise;
}
