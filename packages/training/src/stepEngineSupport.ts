import { enginePlatform } from '#enginePlatform';
import { engineSupported, relaxedSimdSupported } from './internal/engine/loadEngineModule';

/** What this runtime offers the SIMD step engine (see `FitOptions.stepEngine`). */
export interface StepEngineSupport {
  /** WebAssembly SIMD is available: the engine can run. */
  simd: boolean;
  /** Relaxed SIMD (fused multiply-add) is available: the faster build runs (Node ≥ 22, Chromium ≥ 114). */
  relaxedSimd: boolean;
  /** Worker threads with a shared memory can be started (Node; a cross-origin-isolated page). */
  workers: boolean;
  /** The default thread count (`FitOptions.threads`): the logical cores reported, or 1 without workers. */
  defaultThreads: number;
}

/** Tells what the SIMD step engine can use here, without starting anything. */
export function stepEngineSupport(): StepEngineSupport {
  const platform = enginePlatform;
  const workers = platform.workersSupported();
  return {
    simd: engineSupported(),
    relaxedSimd: relaxedSimdSupported(),
    workers,
    defaultThreads: workers ? platform.cores() : 1,
  };
}
