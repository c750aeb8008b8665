import type { DatasetErrorCode } from '../DatasetError';

/** A failed try of one URL: why, and whether trying the same mirror again may help. */
export class AttemptFailure {
  constructor(
    /** The code reported for this mirror, e.g. `TIMEOUT`. */
    readonly code: DatasetErrorCode,
    /** One-line reason, e.g. `HTTP 503 Service Unavailable`. */
    readonly reason: string,
    /** `true` for transient failures (network error, timeout, 5xx/408/429, truncated body). */
    readonly retryable: boolean,
    /** `true` when a resumed transfer failed verification and every byte of it was discarded. */
    readonly discardedResume = false,
  ) {}
}
