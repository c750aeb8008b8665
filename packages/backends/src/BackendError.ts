import type { BackendAttempt } from './types';

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
