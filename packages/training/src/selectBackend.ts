import * as tf from '@tensorflow/tfjs-core';

/** One backend `selectBackend` may choose, e.g. the wasm backend, with how to load it. */
export interface BackendCandidate {
  /** Our name for this choice, as users type it: `'tensorflow-gpu'`, `'tensorflow'`, `'wasm'`, `'cpu'`, `'webgpu'`, `'webgl'`. */
  name: string;
  /** The tfjs backend name that `load` registers: `'tensorflow'`, `'wasm'`, `'cpu'`, `'webgl'`, `'webgpu'`. */
  backend: string;
  /** Imports the backend package (a dynamic `import()`) and does its setup, e.g. `setWasmPaths`. */
  load: () => Promise<unknown>;
  /**
   * The package `load` imports, e.g. `'@tensorflow/tfjs-node-gpu'`. A module-not-found error counts as
   * "not installed" only when the missing module is this package; any other missing module (a native
   * binding, a dependency) is a load failure. Defaults to `undefined`: every module-not-found error
   * counts as "not installed".
   */
  packageName?: string;
  /** Extra information once the backend is active (e.g. the GPU or the thread count). Defaults to none. */
  describe?: () => string | Promise<string>;
}

/** The outcome of trying one candidate. */
export interface BackendAttempt {
  /** The candidate's `name`. */
  name: string;
  /** Whether the candidate loaded and initialised. */
  ok: boolean;
  /** Why it failed: `'not installed'`, `'failed to load: …'` or `'failed to initialise'` (absent when `ok`). */
  reason?: string;
}

/** What `selectBackend` chose, and why. */
export interface BackendSelection {
  /** The chosen candidate's `name`. */
  name: string;
  /** The tfjs backend now active (`tf.getBackend()`). */
  backend: string;
  /** What the candidate's `describe` returned, when it has one and it did not fail. */
  description?: string;
  /** Every candidate tried, in order; the last one is the chosen one. */
  attempts: BackendAttempt[];
  /** Whether an earlier candidate failed before this one was chosen. */
  fellBack: boolean;
  /** One line for logs, e.g. `backend: wasm (tensorflow-gpu: not installed; tensorflow: not installed)`. */
  message: string;
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

/**
 * Stable codes of {@link BackendError}.
 *
 * - `UNKNOWN_BACKEND`: the preference is neither `'auto'` nor the name of a candidate.
 * - `BACKEND_UNAVAILABLE`: the preferred backend (or, for `'auto'`, every candidate) failed.
 */
export type BackendErrorCode = 'UNKNOWN_BACKEND' | 'BACKEND_UNAVAILABLE';

/** Thrown by {@link selectBackend}; its message is one line naming the backend and why it failed. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  /** Stable code, safe to switch on. */
  readonly code: BackendErrorCode;
  /** The candidates tried before giving up (empty for `UNKNOWN_BACKEND`). */
  readonly attempts: BackendAttempt[];

  constructor(code: BackendErrorCode, message: string, attempts: BackendAttempt[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.attempts = attempts;
  }
}

const MODULE_NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** First line of an error's message, trimmed and capped so it fits in a one-line report. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n')[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Whether `error` says that the module `packageName` itself (not something it needs) is missing. */
function isNotInstalled(error: unknown, packageName: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const notFound =
    (typeof code === 'string' && MODULE_NOT_FOUND_CODES.has(code)) || /Cannot find (module|package)/.test(message);
  if (!notFound) return false;
  if (packageName === undefined) return true;
  const missing = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)?.[1];
  if (missing === undefined) return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  if (missing === packageName || missing.startsWith(`${packageName}/`)) return true;
  // An empty package folder (an optional dependency whose install failed) misses its entry file at the
  // package root: that is "not installed" too. A missing file deeper inside (a native binding) is not.
  const path = missing.replace(/\\/g, '/');
  const marker = `/node_modules/${packageName}/`;
  const at = path.lastIndexOf(marker);
  return at >= 0 && !path.slice(at + marker.length).includes('/');
}

type TryResult = { ok: true; description?: string } | { ok: false; reason: string; cause?: unknown };

async function tryCandidate(candidate: BackendCandidate): Promise<TryResult> {
  try {
    await candidate.load();
  } catch (error) {
    const reason = isNotInstalled(error, candidate.packageName)
      ? 'not installed'
      : `failed to load: ${firstLine(error)}`;
    return { ok: false, reason, cause: error };
  }
  if (tf.findBackendFactory(candidate.backend) == null) {
    return { ok: false, reason: `failed to load: no tfjs backend '${candidate.backend}' was registered` };
  }
  try {
    // setBackend resolves false (it does not throw) when the backend's factory fails.
    if (!(await tf.setBackend(candidate.backend))) return { ok: false, reason: 'failed to initialise' };
    await tf.ready();
  } catch (error) {
    return { ok: false, reason: `failed to initialise: ${firstLine(error)}`, cause: error };
  }
  if (tf.getBackend() !== candidate.backend) return { ok: false, reason: 'failed to initialise' };
  if (candidate.describe === undefined) return { ok: true };
  try {
    const description = (await candidate.describe()).trim();
    return description === '' ? { ok: true } : { ok: true, description };
  } catch {
    // Extra information only: a failing describe does not make the backend unusable.
    return { ok: true };
  }
}

/** Puts back the backend that was active before, if it was already initialised (a failed try unsets it). */
async function restore(previous: string | null | undefined): Promise<void> {
  if (!previous || tf.getBackend() === previous) return;
  try {
    // Read the registry directly: tf.findBackend would initialise a backend that never was.
    if (tf.engine().registry[previous] != null) await tf.setBackend(previous);
  } catch {
    // Nothing to restore to; tfjs will pick its best backend on next use.
  }
}

const summarise = (attempts: BackendAttempt[]) =>
  attempts
    .filter((a) => !a.ok)
    .map((a) => `${a.name}: ${a.reason}`)
    .join('; ');

/**
 * Chooses and activates the tfjs backend at runtime. With `preference: 'auto'` it tries the
 * candidates in order (load the package, `tf.setBackend`, `tf.ready`) and keeps the first that
 * works, recording why each earlier one failed; with a candidate's name it tries only that one.
 *
 * @example
 * ```ts
 * const selection = await selectBackend({
 *   candidates: [
 *     { name: 'wasm', backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', load: () => import('@tensorflow/tfjs-backend-wasm') },
 *     { name: 'cpu', backend: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
 *   ],
 * });
 * console.log(selection.message); // "backend: wasm"
 * ```
 * @throws {BackendError} `UNKNOWN_BACKEND` for an unknown preference; `BACKEND_UNAVAILABLE` when the
 *   preferred backend, or in `'auto'` mode every candidate, fails.
 */
export async function selectBackend(options: SelectBackendOptions): Promise<BackendSelection> {
  const { preference = 'auto', candidates, onAttempt } = options;
  let toTry: readonly BackendCandidate[] = candidates;
  if (preference !== 'auto') {
    const chosen = candidates.find((c) => c.name === preference);
    if (chosen === undefined) {
      const valid = ['auto', ...candidates.map((c) => c.name)].join(', ');
      throw new BackendError('UNKNOWN_BACKEND', `unknown backend '${preference}' (valid: ${valid})`);
    }
    toTry = [chosen];
  }

  const previous = tf.getBackend() as string | null | undefined;
  const attempts: BackendAttempt[] = [];
  let lastCause: unknown;
  for (const candidate of toTry) {
    const result = await tryCandidate(candidate);
    const attempt: BackendAttempt = result.ok
      ? { name: candidate.name, ok: true }
      : { name: candidate.name, ok: false, reason: result.reason };
    attempts.push(attempt);
    onAttempt?.({ ...attempt });
    if (result.ok) {
      const failures = summarise(attempts);
      const selection: BackendSelection = {
        name: candidate.name,
        backend: candidate.backend,
        attempts,
        fellBack: attempts.length > 1,
        message: `backend: ${candidate.name}${failures ? ` (${failures})` : ''}`,
      };
      if (result.description !== undefined) selection.description = result.description;
      return selection;
    }
    if (result.cause !== undefined) lastCause = result.cause;
  }

  await restore(previous);
  const message =
    preference === 'auto'
      ? candidates.length === 0
        ? 'no backend available: no candidates given'
        : `no backend available (${summarise(attempts)})`
      : `backend '${preference}' unavailable: ${attempts[0]?.reason}`;
  throw new BackendError('BACKEND_UNAVAILABLE', message, attempts, { cause: lastCause });
}
