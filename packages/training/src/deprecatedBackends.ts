/**
 * Backend selection moved to `@mnist-kit/backends`; these re-exports keep imports from
 * `@mnist-kit/training` working for one minor version.
 */
import {
  type BackendAttempt as Attempt,
  BackendError as BackendErrorClass,
  type BackendCandidate as Candidate,
  type BackendErrorCode as ErrorCode,
  type SelectBackendOptions as Options,
  type BackendSelection as Selection,
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
