import type { EngineWorker, EngineWorkerInit } from './engineWorker';

/**
 * What the step engine needs from the platform: threads (Node `worker_threads`, or a browser's `Worker`
 * from a `blob:` URL) and how many cores there are — the one place where the two differ. The package's
 * `#enginePlatform` import (package.json `imports`, by the `browser` condition) resolves to
 * `nodeEnginePlatform.ts` or `browserEnginePlatform.ts`; no other file knows which.
 */
export interface EnginePlatform {
  /** Whether worker threads sharing a `WebAssembly.Memory` can be started here. */
  workersSupported(): boolean;
  /** The logical cores reported (the default thread count). */
  cores(): number;
  /** Starts one engine worker; resolves once it is ready to run steps. */
  startWorker(init: EngineWorkerInit): Promise<EngineWorker>;
}
