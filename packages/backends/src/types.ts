/** One backend `selectBackend` may choose, e.g. the wasm backend, with how to load it. */
export interface BackendCandidate {
  /** Our name for this choice, as users type it: `'tensorflow-gpu'`, `'tensorflow'`, `'wasm'`, `'cpu'`, `'webgpu'`, `'webgl'`. */
  name: string;
  /** The tfjs backend name that `load` registers: `'tensorflow'`, `'wasm'`, `'cpu'`, `'webgl'`, `'webgpu'`. */
  backend: string;
  /** Imports the backend package (a dynamic `import()`) and does its setup, e.g. `setWasmPaths`. */
  load: () => Promise<unknown>;
  /**
   * The package(s) `load` imports, e.g. `'@tensorflow/tfjs-node-gpu'`. A module-not-found error counts as
   * "not installed" only when the missing module is this package; any other missing module (a native
   * binding, a dependency) is a load failure. Defaults to `undefined`: every module-not-found error
   * counts as "not installed".
   */
  packageName?: string | readonly string[];
  /** Extra information once the backend is active (e.g. the GPU or the thread count). Defaults to none. */
  describe?: () => string | Promise<string>;
  /**
   * What the backend runs on once active (GPU adapter, CUDA, threads); also the source of `description`
   * when there is no `describe`. Defaults to none.
   */
  inspect?: () => BackendDevice | undefined | Promise<BackendDevice | undefined>;
  /**
   * Asked after `load`, before the backend initialises, and only by `'auto'`: a reason to pass this
   * backend over (e.g. a software GPU adapter, slower than wasm), or `undefined` to try it. Naming the
   * backend explicitly never skips it. Defaults to none.
   */
  autoSkip?: () => string | undefined | Promise<string | undefined>;
  /** Frees what the active backend holds outside tfjs (e.g. a GPU device that keeps Node alive). Defaults to none. */
  release?: () => void | Promise<void>;
}

/** What a backend runs on, as far as it can tell. */
export interface BackendDevice {
  /** `'gpu'` or `'cpu'`. */
  kind: 'gpu' | 'cpu';
  /** GPU adapter vendor, e.g. `'nvidia'`, `'google'` (WebGPU's `GPUAdapterInfo.vendor`). */
  vendor?: string;
  /** GPU architecture, e.g. `'hopper'`, `'swiftshader'`. */
  architecture?: string;
  /** GPU device name or id, where the adapter tells. */
  device?: string;
  /** Free-form adapter description (WebGPU) or WebGL's unmasked renderer. */
  description?: string;
  /** A software implementation (SwiftShader, llvmpipe, a fallback adapter): slower than wasm for training. */
  software?: boolean;
  /** Threads the backend computes on (wasm). */
  threads?: number;
  /** tfjs-node(-gpu): whether libtensorflow found a CUDA GPU. */
  cuda?: boolean;
}

/** The outcome of trying one candidate. */
export interface BackendAttempt {
  /** The candidate's `name`. */
  name: string;
  /** Whether the candidate loaded and initialised. */
  ok: boolean;
  /**
   * Why it failed: `'not installed'`, `'failed to load: …'`, `'failed to initialise'`, or `'skipped: …'`
   * (`'auto'` passed it over, see `BackendCandidate.autoSkip`) — absent when `ok`.
   */
  reason?: string;
}

/** What `selectBackend` chose, and why. */
export interface BackendSelection {
  /** The chosen candidate's `name`. */
  name: string;
  /** The tfjs backend now active (`tf.getBackend()`). */
  backend: string;
  /** What the candidate's `describe` returned (or a summary of `device`), when available. */
  description?: string;
  /** What the backend runs on, from the candidate's `inspect`, when it has one and it did not fail. */
  device?: BackendDevice;
  /** Every candidate tried, in order; the last one is the chosen one. */
  attempts: BackendAttempt[];
  /** Whether an earlier candidate failed before this one was chosen. */
  fellBack: boolean;
  /** One line for logs, e.g. `backend: wasm (tensorflow-gpu: not installed; tensorflow: not installed)`. */
  message: string;
  /**
   * Frees what the backend holds outside tfjs (a WebGPU device keeps a Node process alive); call it when
   * done with tfjs. Safe to call twice.
   */
  release(): Promise<void>;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** `'auto'` tries the candidates in order; a candidate's `name` selects only that one. Defaults to `'auto'`. */
  preference?: string;
  /** The backends to consider, best first. */
  candidates: readonly BackendCandidate[];
  /** Called after each candidate is tried, successful or not. Defaults to none. */
  onAttempt?: (attempt: BackendAttempt) => void;
}
