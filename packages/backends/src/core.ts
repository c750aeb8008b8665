// The API both entries share, listed once: each entry re-exports all of it (`export *`) and adds its
// platform's candidates. Nothing here may import a Node built-in.
export type { BackendErrorCode } from './BackendError';
export { BackendError } from './BackendError';
export { describeDevice } from './describeDevice';
export { selectBackend } from './selectBackend';
export type {
  BackendAttempt,
  BackendCandidate,
  BackendDevice,
  BackendSelection,
  SelectBackendOptions,
} from './types';
export { VERSION } from './version';
