import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from './BackendError';
import { describeDevice } from './describeDevice';
import type { BackendAttempt, BackendCandidate, BackendDevice, BackendSelection, SelectBackendOptions } from './types';

const MODULE_NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** First line of an error's message, trimmed and capped so it fits in a one-line report. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n')[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Whether `error` says that one of the modules `packageName` itself (not something it needs) is missing. */
function isNotInstalled(error: unknown, packageName: string | readonly string[] | undefined): boolean {
  if (Array.isArray(packageName)) return packageName.some((name) => isNotInstalled(error, name));
  return isOneNotInstalled(error, packageName as string | undefined);
}

function isOneNotInstalled(error: unknown, packageName: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const notFound =
    (typeof code === 'string' && MODULE_NOT_FOUND_CODES.has(code)) ||
    /Cannot find (module|package)|Could not resolve ["']/.test(message);
  if (!notFound) return false;
  if (packageName === undefined) return true;
  // Node: `Cannot find package 'x'`; Vite (dev servers, vitest): `Could not resolve "x"`.
  const missing = /(?:Cannot find (?:module|package)|Could not resolve) ['"]([^'"]+)['"]/.exec(message)?.[1];
  if (missing === undefined) return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  if (missing === packageName || missing.startsWith(`${packageName}/`)) return true;
  // An empty package folder (an optional dependency whose install failed) misses its entry file at the
  // package root: that is "not installed" too. A missing file deeper inside (a native binding) is not.
  const path = missing.replace(/\\/g, '/');
  const marker = `/node_modules/${packageName}/`;
  const at = path.lastIndexOf(marker);
  return at >= 0 && !path.slice(at + marker.length).includes('/');
}

type TryResult =
  | { ok: true; description?: string; device?: BackendDevice }
  | { ok: false; reason: string; cause?: unknown };

async function tryCandidate(candidate: BackendCandidate, auto: boolean): Promise<TryResult> {
  try {
    await candidate.load();
  } catch (error) {
    const reason = isNotInstalled(error, candidate.packageName)
      ? 'not installed'
      : `failed to load: ${firstLine(error)}`;
    return { ok: false, reason, cause: error };
  }
  if (auto && candidate.autoSkip !== undefined) {
    let skip: string | undefined;
    try {
      skip = await candidate.autoSkip();
    } catch (error) {
      return { ok: false, reason: `failed to load: ${firstLine(error)}`, cause: error };
    }
    if (skip !== undefined) return { ok: false, reason: `skipped: ${skip}` };
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
  // Extra information only: a failing describe or inspect does not make the backend unusable.
  let device: BackendDevice | undefined;
  try {
    device = (await candidate.inspect?.()) ?? undefined;
  } catch {}
  let description: string | undefined;
  try {
    description = (await candidate.describe?.())?.trim() || undefined;
  } catch {}
  description ??= device === undefined ? undefined : describeDevice(device);
  return {
    ok: true,
    ...(description === undefined ? {} : { description }),
    ...(device === undefined ? {} : { device }),
  };
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
    const result = await tryCandidate(candidate, preference === 'auto');
    const attempt: BackendAttempt = result.ok
      ? { name: candidate.name, ok: true }
      : { name: candidate.name, ok: false, reason: result.reason };
    attempts.push(attempt);
    onAttempt?.({ ...attempt });
    if (result.ok) {
      const failures = summarise(attempts);
      let released = false;
      const selection: BackendSelection = {
        name: candidate.name,
        backend: candidate.backend,
        attempts,
        fellBack: attempts.length > 1,
        message: `backend: ${candidate.name}${failures ? ` (${failures})` : ''}`,
        async release() {
          if (released) return;
          released = true;
          await candidate.release?.();
        },
      };
      if (result.description !== undefined) selection.description = result.description;
      if (result.device !== undefined) selection.device = result.device;
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
