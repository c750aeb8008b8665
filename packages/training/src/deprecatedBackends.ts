/**
 * Backend selection moved to `@mnist-kit/backends`; these re-exports keep imports from
 * `@mnist-kit/training` working for one minor version.
 */
import {
  type BackendAttempt as Attempt,
  type BackendCandidate as Candidate,
  BackendError as BackendErrorClass,
  type BackendErrorCode as ErrorCode,
  type BackendSelection as Selection,
  type SelectBackendOptions as Options,
  selectBackend as select,
} from '@mnist-kit/backends';

/** @deprecated Import `selectBackend` from `@mnist-kit/backends`. */
export const selectBackend = select;
/** @deprecated Import `BackendError` from `@mnist-kit/backends`. */
export const BackendError = BackendErrorClass;
/** @deprecated Import `BackendError` from `@mnist-kit/backends`. */
export type BackendError = BackendErrorClass;
/** @deprecated Import from `@mnist-kit/backends`. */
export type BackendAttempt = Attempt;
/** @deprecated Import from `@mnist-kit/backends`. */
export type BackendCandidate = Candidate;
/** @deprecated Import from `@mnist-kit/backends`. */
export type BackendErrorCode = ErrorCode;
/** @deprecated Import from `@mnist-kit/backends`. */
export type BackendSelection = Selection;
/** @deprecated Import from `@mnist-kit/backends`. */
export type SelectBackendOptions = Options;
