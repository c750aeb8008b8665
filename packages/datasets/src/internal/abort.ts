import { DatasetError } from '../DatasetError';

/** The `ABORTED` error for `signal`, naming what was interrupted. */
export function abortError(signal: AbortSignal | undefined, what: string): DatasetError {
  return new DatasetError('ABORTED', `${what} was aborted.`, { cause: signal?.reason });
}

/** Throws `ABORTED` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(signal, what);
}

/** Waits `ms`, rejecting with `ABORTED` as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, what));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal, what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
